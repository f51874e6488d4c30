//! Charts of values over time: lines, areas or bars, with the target as a line, the
//! warn level as a band, and the points that miss the target marked.

use super::{
    draw_legend, finish, legend_height, text_width, Chart, FAMILY, INK, PLOTTERS_SCALE, TEXT_SIZE,
};
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// How values are drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    Line,
    Area,
    Bar,
}

/// One line of values, `None` a gap.
pub struct Line<'a> {
    pub name: &'a str,
    pub color: RGBColor,
    pub values: &'a [Option<f64>],
}

/// What a chart over time shows. `x` is the time of each point in days (any origin),
/// the same for every line; `keep` the points to draw (see `kpi::thin`).
pub struct OverTime<'a> {
    pub x: &'a [f64],
    pub keep: &'a [usize],
    pub lines: &'a [Line<'a>],
    pub shape: Shape,
    /// The target's name for the legend and its value.
    pub target: Option<(&'a str, f64)>,
    /// The warn band: its name, and from where to where.
    pub warn: Option<(&'a str, f64, f64)>,
    /// Whether a value of the first line misses the target (marked with a ring).
    pub missed: &'a dyn Fn(f64) -> bool,
    /// A vertical mark with its label (a release date, say).
    pub marks: &'a [(f64, String)],
    pub x_format: &'a dyn Fn(f64) -> String,
    pub y_format: &'a dyn Fn(f64) -> String,
    /// Where the time axis is labelled (monthly data: at its months); empty: chosen
    /// by the axis.
    pub x_ticks: &'a [f64],
}

const MISS: RGBColor = RGBColor(211, 47, 47);
const WARN: RGBColor = RGBColor(230, 160, 0);

/// The y range: the values, the target and the warn level, with some room; bars
/// start at zero.
fn y_range(spec: &OverTime<'_>) -> (f64, f64) {
    let mut low = f64::INFINITY;
    let mut high = f64::NEG_INFINITY;
    for line in spec.lines {
        for &i in spec.keep {
            if let Some(Some(v)) = line.values.get(i) {
                low = low.min(*v);
                high = high.max(*v);
            }
        }
    }
    for v in spec
        .target
        .map(|t| t.1)
        .into_iter()
        .chain(spec.warn.map(|w| w.1))
        .chain(spec.warn.map(|w| w.2))
    {
        low = low.min(v);
        high = high.max(v);
    }
    if !low.is_finite() {
        return (0.0, 1.0);
    }
    // Bars are read by their length: they start at zero. Areas too, unless the
    // values sit in a narrow band far from it (99.5 % to 100 %).
    let narrow = low > 0.0 && (high - low) < high * 0.25;
    if (spec.shape == Shape::Bar || (spec.shape == Shape::Area && !narrow)) && low > 0.0 {
        low = 0.0;
    }
    let pad = ((high - low) * 0.08).max(high.abs() * 0.001).max(1e-9);
    let low = if low == 0.0 { 0.0 } else { low - pad };
    (low, high + pad)
}

/// A time axis (days as `f64`) labelled where it is told.
struct TimeAxis {
    range: plotters::coord::types::RangedCoordf64,
    ticks: Vec<f64>,
}

impl plotters::coord::ranged1d::Ranged for TimeAxis {
    type FormatOption = plotters::coord::ranged1d::DefaultFormatting;
    type ValueType = f64;

    fn map(&self, value: &f64, limit: (i32, i32)) -> i32 {
        self.range.map(value, limit)
    }

    fn key_points<H: plotters::coord::ranged1d::KeyPointHint>(&self, hint: H) -> Vec<f64> {
        // Bold lines and labels at the ticks; no light lines between them.
        if hint.weight().allow_light_points() {
            Vec::new()
        } else {
            self.ticks.clone()
        }
    }

    fn range(&self) -> std::ops::Range<f64> {
        self.range.range()
    }
}

/// The labelled points of the time axis: those given inside the range, or six the
/// axis picks.
fn x_ticks(spec: &OverTime<'_>, x0: f64, x1: f64) -> Vec<f64> {
    use plotters::coord::ranged1d::Ranged;
    use plotters::coord::types::RangedCoordf64;
    if spec.x_ticks.is_empty() {
        return RangedCoordf64::from(x0..x1).key_points(6);
    }
    spec.x_ticks
        .iter()
        .copied()
        .filter(|x| (x0..=x1).contains(x))
        .collect()
}

/// Draws the chart (see `OverTime`).
pub fn over_time(chart: &Chart<'_>, spec: &OverTime<'_>) -> String {
    let (x0, x1) = match (spec.x.first(), spec.x.last()) {
        (Some(a), Some(b)) if b > a => (*a, *b),
        (Some(a), _) => (*a - 1.0, *a + 1.0),
        _ => (0.0, 1.0),
    };
    // Bars need half a period on each side.
    let half = if spec.shape == Shape::Bar && spec.x.len() > 1 {
        (x1 - x0) / (spec.x.len() - 1) as f64 / 2.0
    } else {
        0.0
    };
    let (x0, x1) = (x0 - half, x1 + half);
    let (y0, y1) = y_range(spec);
    let mut svg = String::new();
    {
        let root =
            SVGBackend::with_string(&mut svg, (chart.width, chart.height)).into_drawing_area();
        let mut legend: Vec<(&str, RGBColor, bool)> = if spec.lines.len() > 1 {
            spec.lines
                .iter()
                .map(|l| (l.name, l.color, false))
                .collect()
        } else {
            Vec::new()
        };
        if let Some((name, _)) = spec.target {
            legend.push((name, INK, true));
        }
        if let Some((name, _, _)) = spec.warn {
            legend.push((name, WARN, false));
        }
        let (head, body) = root.split_vertically(legend_height(&legend, chart.width));
        draw_legend(&head, &legend, chart.width);
        let text = TextStyle::from((FAMILY, TEXT_SIZE * PLOTTERS_SCALE).into_font()).color(&INK);
        let y_area = (0..=5)
            .map(|k| {
                text_width(
                    &(spec.y_format)(y0 + (y1 - y0) * f64::from(k) / 5.0),
                    TEXT_SIZE,
                )
            })
            .fold(0.0, f64::max)
            + 30.0;
        let built = ChartBuilder::on(&body)
            .margin_right(16)
            .margin_top(8)
            .x_label_area_size(30)
            .y_label_area_size(y_area as u32)
            .build_cartesian_2d(
                TimeAxis {
                    range: (x0..x1).into(),
                    ticks: x_ticks(spec, x0, x1),
                },
                y0..y1,
            );
        let Ok(mut cc) = built else {
            return String::new();
        };
        let _ = cc
            .configure_mesh()
            .x_labels(6)
            .y_labels(6)
            .x_max_light_lines(0)
            .y_max_light_lines(0)
            .x_label_formatter(&|x| (spec.x_format)(*x))
            .y_label_formatter(&|y| (spec.y_format)(*y))
            .y_desc(chart.y_label)
            .axis_desc_style(text.clone())
            .label_style(text.clone())
            .bold_line_style(RGBAColor(128, 128, 128, 0.25))
            .axis_style(INK)
            .draw();
        if let Some((_, a, b)) = spec.warn {
            let _ = cc.draw_series(std::iter::once(Rectangle::new(
                [(x0, a.min(b)), (x1, a.max(b))],
                WARN.mix(0.22).filled(),
            )));
        }
        for (k, line) in spec.lines.iter().enumerate() {
            // The kept points, cut into runs at gaps.
            let mut runs: Vec<Vec<(f64, f64)>> = vec![Vec::new()];
            let mut last: Option<usize> = None;
            for &i in spec.keep {
                let Some(Some(v)) = line.values.get(i) else {
                    continue;
                };
                let Some(&x) = spec.x.get(i) else { continue };
                let broken =
                    last.is_some_and(|l| line.values[l + 1..i].iter().any(Option::is_none));
                if broken {
                    runs.push(Vec::new());
                }
                if let Some(run) = runs.last_mut() {
                    run.push((x, *v));
                }
                last = Some(i);
            }
            match spec.shape {
                Shape::Line => {
                    for run in runs.iter().filter(|r| !r.is_empty()) {
                        let _ = cc.draw_series(std::iter::once(PathElement::new(
                            run.clone(),
                            line.color.stroke_width(2),
                        )));
                    }
                }
                Shape::Area => {
                    for run in runs.iter().filter(|r| r.len() > 1) {
                        let base = y0.max(0.0).min(y1);
                        let mut poly = run.clone();
                        poly.push((run[run.len() - 1].0, base));
                        poly.push((run[0].0, base));
                        let _ = cc.draw_series(std::iter::once(Polygon::new(
                            poly,
                            line.color.mix(0.3).filled(),
                        )));
                        let _ = cc.draw_series(std::iter::once(PathElement::new(
                            run.clone(),
                            line.color.stroke_width(2),
                        )));
                    }
                }
                Shape::Bar => {
                    let n = spec.lines.len() as f64;
                    let w = (half * 2.0 * 0.75).max(1e-6) / n;
                    for &(x, v) in runs.iter().flatten() {
                        let left = x - half * 0.75 + w * k as f64;
                        let _ = cc.draw_series(std::iter::once(Rectangle::new(
                            [(left, 0f64.max(y0)), (left + w, v)],
                            line.color.filled(),
                        )));
                    }
                }
            }
        }
        if let Some((_, t)) = spec.target {
            let _ = cc.draw_series(std::iter::once(PathElement::new(
                vec![(x0, t), (x1, t)],
                INK.stroke_width(2),
            )));
        }
        // Misses of the first line: a ring around each point drawn.
        if let Some(first) = spec.lines.first() {
            let misses: Vec<(f64, f64)> = spec
                .keep
                .iter()
                .filter_map(|&i| Some((*spec.x.get(i)?, (*first.values.get(i)?)?)))
                .filter(|(_, v)| (spec.missed)(*v))
                .collect();
            let _ = cc.draw_series(
                misses
                    .into_iter()
                    .map(|p| Circle::new(p, 4, MISS.stroke_width(2))),
            );
        }
        let above = text.pos(Pos::new(HPos::Left, VPos::Top));
        for (x, label) in spec.marks {
            if *x < x0 || *x > x1 {
                continue;
            }
            let _ = cc.draw_series(std::iter::once(PathElement::new(
                vec![(*x, y0), (*x, y1)],
                INK.mix(0.6).stroke_width(1),
            )));
            let (px, py) = cc.backend_coord(&(*x, y1));
            let _ = root.draw(&Text::new(label.as_str(), (px + 4, py + 2), above.clone()));
        }
        let _ = root.present();
    }
    let svg = finish(chart, &svg);
    // Class names, for the page's styles and for checks: the target line and the rings.
    svg.replace("stroke=\"#D32F2F\"", "class=\"miss\" stroke=\"#D32F2F\"")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chart(spec: &OverTime<'_>) -> String {
        over_time(
            &Chart {
                id: "p95",
                title: "Latencia p95",
                description: "p95 diario contra 800 ms",
                y_label: "ms",
                width: 640,
                height: 280,
            },
            spec,
        )
    }

    #[test]
    fn target_band_and_misses_are_drawn() {
        let values = [Some(650.0), Some(900.0), None, Some(720.0), Some(750.0)];
        let x = [0.0, 1.0, 2.0, 3.0, 4.0];
        let keep = [0, 1, 3, 4];
        let svg = chart(&OverTime {
            x: &x,
            keep: &keep,
            lines: &[Line {
                name: "p95",
                color: RGBColor(46, 125, 200),
                values: &values,
            }],
            shape: Shape::Line,
            target: Some(("objetivo", 800.0)),
            warn: Some(("alerta", 700.0, 800.0)),
            missed: &|v| v > 800.0,
            marks: &[(3.0, "v1.5.0".to_string())],
            x_format: &|x| format!("d{x:.0}"),
            y_format: &|y| format!("{y:.0}"),
            x_ticks: &[],
        });
        let doc = roxmltree::Document::parse(&svg).expect("well-formed SVG");
        assert_eq!(doc.root_element().attribute("role"), Some("img"));
        let misses = doc
            .descendants()
            .filter(|n| n.attribute("class") == Some("miss"))
            .count();
        assert_eq!(misses, 1, "one point over 800");
        // Two runs: the gap breaks the line.
        let lines = doc
            .descendants()
            .filter(|n| {
                n.tag_name().name() == "polyline" && n.attribute("stroke") == Some("#2E7DC8")
            })
            .count();
        assert_eq!(lines, 2);
        assert!(
            svg.contains("\nv1.5.0\n")
                && svg.contains("\nobjetivo\n")
                && svg.contains("\nalerta\n")
        );
    }
}
