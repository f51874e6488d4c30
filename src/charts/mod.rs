//! Charts as inline SVG, drawn with plotters. Text is measured with a font built into
//! the binary (Liberation Sans, metric-compatible with Arial and Helvetica, which the
//! SVG names first), so nothing depends on the fonts of the machine that builds.
//! Axes and labels are drawn in `currentColor`, so a chart follows the page's light or
//! dark scheme and prints black; series colours are mid-tones that read on both.
//! Every chart carries a title and a description for screen readers.

pub mod series;

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use std::sync::OnceLock;

/// The font text is measured with, and its licence (SIL OFL 1.1), beside it.
static FONT: &[u8] = include_bytes!("LiberationSans-Regular.ttf");

/// What the SVG asks for: the built-in font's family, then its metric twins.
pub const FAMILY: &str = "Liberation Sans, Arimo, Arial, Helvetica, sans-serif";

/// Drawn as black, written as `currentColor`.
const INK: RGBColor = BLACK;
const TEXT_SIZE: f64 = 13.0;
/// plotters writes a font's size divided by this into the SVG.
const PLOTTERS_SCALE: f64 = 1.24;

fn face() -> Option<&'static ttf_parser::Face<'static>> {
    static FACE: OnceLock<Option<ttf_parser::Face<'static>>> = OnceLock::new();
    FACE.get_or_init(|| ttf_parser::Face::parse(FONT, 0).ok())
        .as_ref()
}

/// The width of `text` set at `size` pixels in the built-in font.
pub fn text_width(text: &str, size: f64) -> f64 {
    let Some(face) = face() else {
        return text.chars().count() as f64 * size * 0.6;
    };
    let scale = size / f64::from(face.units_per_em());
    let missing = f64::from(face.units_per_em()) * 0.6;
    text.chars()
        .map(|c| {
            face.glyph_index(c)
                .and_then(|g| face.glyph_hor_advance(g))
                .map_or(missing, f64::from)
        })
        .sum::<f64>()
        * scale
}

/// What a chart is about, for readers and for screen readers.
pub struct Chart<'a> {
    /// Unique in the page: the SVG's title and description are found by it.
    pub id: &'a str,
    pub title: &'a str,
    /// A sentence or two saying what the chart shows, in words.
    pub description: &'a str,
    /// The y axis' label, with its unit.
    pub y_label: &'a str,
    pub width: u32,
    pub height: u32,
}

/// One series: its name for the legend, its colour, a value per category.
pub struct Series<'a> {
    pub name: &'a str,
    pub color: RGBColor,
    pub values: Vec<f64>,
}

/// How bars of several series share a category.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    Stacked,
    Grouped,
}

/// What a bar chart shows: one slot per category, the series' bars stacked or side by
/// side, optionally a target per category drawn as a line across its slot, and a
/// label above each slot.
pub struct Bars<'a> {
    pub categories: &'a [String],
    pub series: &'a [Series<'a>],
    pub layout: Layout,
    /// The target's name for the legend, and a value per category.
    pub targets: Option<(&'a str, &'a [Option<f64>])>,
    /// Written above each slot (e.g. the value in other units).
    pub labels: Option<&'a [String]>,
    /// Counts: the axis has whole-number ticks.
    pub integer: bool,
    /// Writes an axis value.
    pub format: &'a dyn Fn(f64) -> String,
}

/// Draws a bar chart (see `Bars`).
pub fn bars(chart: &Chart<'_>, bars: &Bars<'_>) -> String {
    let Bars {
        categories,
        series,
        layout,
        targets,
        labels,
        integer,
        format,
    } = *bars;
    let n = categories.len().max(1);
    let totals: Vec<f64> = (0..n)
        .map(|i| {
            let values = series.iter().filter_map(|s| s.values.get(i).copied());
            match layout {
                Layout::Stacked => values.sum(),
                Layout::Grouped => values.fold(0.0, f64::max),
            }
        })
        .collect();
    let target_max = targets
        .map(|(_, t)| t.iter().flatten().copied().fold(0.0, f64::max))
        .unwrap_or(0.0);
    let max = totals.iter().copied().fold(target_max, f64::max);
    // Room above the tallest bar for its label.
    let max = if labels.is_some() { max * 1.12 } else { max };
    let (top, ticks) = if integer {
        let step = (max / 5.0).ceil().max(1.0);
        let ticks = (max / step).ceil().max(1.0);
        (step * ticks, ticks as u32)
    } else {
        (nice_top(max), 5)
    };
    let mut svg = String::new();
    {
        let root =
            SVGBackend::with_string(&mut svg, (chart.width, chart.height)).into_drawing_area();
        let mut legend: Vec<(&str, RGBColor, bool)> =
            series.iter().map(|s| (s.name, s.color, false)).collect();
        if let Some((name, _)) = targets {
            legend.push((name, INK, true));
        }
        let (head, body) = root.split_vertically(legend_height(&legend, chart.width));
        draw_legend(&head, &legend, chart.width);
        let y_labels: Vec<String> = (0..=ticks)
            .map(|k| format(top * f64::from(k) / f64::from(ticks)))
            .collect();
        let y_area = y_labels
            .iter()
            .map(|l| text_width(l, TEXT_SIZE))
            .fold(0.0, f64::max)
            + 30.0;
        let built = ChartBuilder::on(&body)
            .margin_right(12)
            .margin_top(8)
            .x_label_area_size(28)
            .y_label_area_size(y_area as u32)
            .build_cartesian_2d(0f64..n as f64, 0f64..top);
        let Ok(mut cc) = built else {
            return String::new();
        };
        let text = TextStyle::from((FAMILY, TEXT_SIZE * PLOTTERS_SCALE).into_font()).color(&INK);
        let _ = cc
            .configure_mesh()
            .disable_x_mesh()
            .x_labels(0)
            .y_labels(ticks as usize + 1)
            .y_max_light_lines(0)
            .y_label_formatter(&|v| format(*v))
            .y_desc(chart.y_label)
            .axis_desc_style(text.clone())
            .label_style(text.clone())
            .light_line_style(RGBAColor(128, 128, 128, 0.15))
            .bold_line_style(RGBAColor(128, 128, 128, 0.3))
            .axis_style(INK)
            .draw();
        // Bars.
        let slot = 0.72;
        for i in 0..categories.len() {
            let left = i as f64 + (1.0 - slot) / 2.0;
            let mut base = 0.0;
            for (k, s) in series.iter().enumerate() {
                let v = s.values.get(i).copied().unwrap_or(0.0);
                if v <= 0.0 {
                    continue;
                }
                let (x0, x1, y0) = match layout {
                    Layout::Stacked => (left, left + slot, base),
                    Layout::Grouped => {
                        let w = slot / series.len() as f64;
                        (left + w * k as f64, left + w * (k as f64 + 1.0), 0.0)
                    }
                };
                let _ = cc.draw_series(std::iter::once(Rectangle::new(
                    [(x0, y0), (x1, y0 + v)],
                    s.color.filled(),
                )));
                if layout == Layout::Stacked {
                    base += v;
                }
            }
        }
        // Targets.
        if let Some((_, targets)) = targets {
            for (i, t) in targets.iter().enumerate().take(categories.len()) {
                if let Some(t) = t {
                    let x = i as f64;
                    let _ = cc.draw_series(std::iter::once(PathElement::new(
                        vec![(x + 0.06, *t), (x + 0.94, *t)],
                        INK.stroke_width(2),
                    )));
                }
            }
        }
        // Labels above the slots.
        if let Some(labels) = labels {
            let above = text.pos(Pos::new(HPos::Center, VPos::Bottom));
            for (i, label) in labels.iter().enumerate().take(categories.len()) {
                let (x, y) = cc.backend_coord(&(i as f64 + 0.5, totals[i]));
                let _ = root.draw(&Text::new(label.as_str(), (x, y - 4), above.clone()));
            }
        }
        // Category labels under their slots, thinned when they would overlap.
        let slot_px = {
            let (a, _) = cc.backend_coord(&(0.0, 0.0));
            let (b, _) = cc.backend_coord(&(1.0, 0.0));
            f64::from((b - a).max(1))
        };
        let widest = categories
            .iter()
            .map(|c| text_width(c, TEXT_SIZE))
            .fold(0.0, f64::max);
        let every = ((widest + 8.0) / slot_px).ceil().max(1.0) as usize;
        let below = text.pos(Pos::new(HPos::Center, VPos::Top));
        for (i, c) in categories.iter().enumerate() {
            if i % every != 0 {
                continue;
            }
            let (x, y) = cc.backend_coord(&(i as f64 + 0.5, 0.0));
            let _ = root.draw(&Text::new(c.as_str(), (x, y + 6), below.clone()));
        }
        let _ = root.present();
    }
    finish(chart, &svg)
}

/// A round number at or above `max`, for the top of an axis.
fn nice_top(max: f64) -> f64 {
    if !max.is_finite() || max <= 0.0 {
        return 1.0;
    }
    let magnitude = 10f64.powf(max.log10().floor());
    [1.0, 1.2, 1.5, 2.0, 2.5, 3.0, 4.0, 5.0, 6.0, 8.0, 10.0]
        .into_iter()
        .map(|m| m * magnitude)
        .find(|top| *top >= max)
        .unwrap_or(max)
}

const SWATCH: f64 = 12.0;
const GAP: f64 = 18.0;

/// Legend entries laid out in rows: (x, row) for each.
fn legend_rows(legend: &[(&str, RGBColor, bool)], width: u32) -> Vec<(f64, u32)> {
    let mut x = 8.0;
    let mut row = 0;
    legend
        .iter()
        .map(|(name, _, _)| {
            let w = SWATCH + 6.0 + text_width(name, TEXT_SIZE) + GAP;
            if x + w > f64::from(width) && x > 8.0 {
                x = 8.0;
                row += 1;
            }
            let at = (x, row);
            x += w;
            at
        })
        .collect()
}

fn legend_height(legend: &[(&str, RGBColor, bool)], width: u32) -> u32 {
    if legend.len() < 2 {
        return 8;
    }
    let rows = legend_rows(legend, width).last().map_or(0, |(_, r)| r + 1);
    rows * 20 + 8
}

fn draw_legend(
    area: &DrawingArea<SVGBackend<'_>, Shift>,
    legend: &[(&str, RGBColor, bool)],
    width: u32,
) {
    if legend.len() < 2 {
        return;
    }
    let text = TextStyle::from((FAMILY, TEXT_SIZE * PLOTTERS_SCALE).into_font())
        .color(&INK)
        .pos(Pos::new(HPos::Left, VPos::Center));
    for ((name, color, line), (x, row)) in legend.iter().zip(legend_rows(legend, width)) {
        let y = 6 + row as i32 * 20 + 6;
        let x = x as i32;
        let _ = if *line {
            area.draw(&PathElement::new(
                vec![(x, y), (x + SWATCH as i32, y)],
                color.stroke_width(2),
            ))
        } else {
            area.draw(&Rectangle::new(
                [(x, y - 6), (x + SWATCH as i32, y + 6)],
                color.filled(),
            ))
        };
        let _ = area.draw(&Text::new(*name, (x + SWATCH as i32 + 6, y), text.clone()));
    }
}

/// Makes plotters' SVG fit a page: fluid width, theme colours, a title and a
/// description for screen readers.
fn finish(chart: &Chart<'_>, svg: &str) -> String {
    let Some(open_end) = svg.find('>') else {
        return String::new();
    };
    let body = round_font_sizes(&svg[open_end + 1..].replace("#000000", "currentColor"));
    let esc = |s: &str| {
        s.replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
            .replace('"', "&quot;")
    };
    format!(
        "<svg class=\"chart\" viewBox=\"0 0 {w} {h}\" width=\"{w}\" height=\"{h}\" role=\"img\" aria-labelledby=\"{id}-title {id}-desc\" xmlns=\"http://www.w3.org/2000/svg\"><title id=\"{id}-title\">{title}</title><desc id=\"{id}-desc\">{desc}</desc>{body}",
        w = chart.width,
        h = chart.height,
        id = esc(chart.id),
        title = esc(chart.title),
        desc = esc(chart.description),
    )
}

/// plotters writes sizes such as `13.000000000000002`.
fn round_font_sizes(svg: &str) -> String {
    const KEY: &str = "font-size=\"";
    let mut out = String::with_capacity(svg.len());
    let mut rest = svg;
    while let Some(at) = rest.find(KEY) {
        let (before, after) = rest.split_at(at + KEY.len());
        out.push_str(before);
        let end = after.find('"').unwrap_or(after.len());
        match after[..end].parse::<f64>() {
            Ok(size) => out.push_str(&format!("{}", (size * 10.0).round() / 10.0)),
            Err(_) => out.push_str(&after[..end]),
        }
        rest = &after[end..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_built_in_font_measures_text() {
        assert!(face().is_some(), "the embedded font parses");
        let narrow = text_width("iiii", 10.0);
        let wide = text_width("MMMM", 10.0);
        assert!(wide > narrow * 2.0, "{narrow} {wide}");
        // Liberation Sans matches Arial: "M" is 0.833 em.
        assert!(
            (text_width("M", 100.0) - 83.3).abs() < 0.5,
            "{}",
            text_width("M", 100.0)
        );
    }

    #[test]
    fn nice_tops() {
        assert_eq!(nice_top(0.0), 1.0);
        assert_eq!(nice_top(7.0), 8.0);
        assert_eq!(nice_top(11.0), 12.0);
        assert_eq!(nice_top(230.0), 250.0);
    }

    fn sample() -> String {
        let chart = Chart {
            id: "c1",
            title: "Incidents <per> month",
            description: "Two months.",
            y_label: "incidents",
            width: 480,
            height: 260,
        };
        bars(
            &chart,
            &Bars {
                categories: &["2025-09".into(), "2025-10".into()],
                series: &[
                    Series {
                        name: "high",
                        color: RGBColor(230, 120, 30),
                        values: vec![1.0, 2.0],
                    },
                    Series {
                        name: "low",
                        color: RGBColor(40, 120, 200),
                        values: vec![0.0, 3.0],
                    },
                ],
                layout: Layout::Stacked,
                targets: Some(("target", &[Some(2.0), None])),
                labels: Some(&["one".into(), "five".into()]),
                integer: true,
                format: &|v| format!("{v:.0}"),
            },
        )
    }

    #[test]
    fn svg_is_accessible_and_themeable() {
        let svg = sample();
        assert!(
            svg.starts_with("<svg class=\"chart\" viewBox=\"0 0 480 260\""),
            "{}",
            &svg[..200]
        );
        assert!(svg.contains("<title id=\"c1-title\">Incidents &lt;per&gt; month</title>"));
        assert!(svg.contains("<desc id=\"c1-desc\">Two months.</desc>"));
        assert!(!svg.contains("#000000"), "ink is currentColor");
        assert!(svg.contains("currentColor"));
        assert!(svg.contains("font-size=\"13\""), "{svg}");
        for label in ["2025-10", "high", "target", "incidents"] {
            assert!(svg.contains(&format!("\n{label}\n")), "{label} missing");
        }
        // Three bars (one series has a zero) and two legend swatches.
        assert_eq!(svg.matches("fill=\"#E6781E\"").count(), 3, "{svg}");
        assert!(svg.trim_end().ends_with("</svg>"));
        assert!(svg.contains("\nfive\n"), "labels above the slots");
        // Whole-number ticks for counts: the tallest stack is 5, with room above for
        // its label: 0 to 6 by 2.
        for tick in [0, 2, 4, 6] {
            assert!(svg.contains(&format!("\n{tick}\n")), "tick {tick}");
        }
        assert!(
            !svg.contains("\n3\n") && !svg.contains("\n0.5\n"),
            "no other ticks"
        );
    }
}
