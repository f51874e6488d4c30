//! Code highlighting with syntect, as CSS classes so one stylesheet serves light and dark.

use pulldown_cmark_escape::escape_html;
use syntect::highlighting::ThemeSet;
use syntect::html::{css_for_theme_with_class_style, ClassStyle, ClassedHTMLGenerator};
use syntect::parsing::SyntaxSet;
use syntect::util::LinesWithEndings;

const CLASS_STYLE: ClassStyle = ClassStyle::SpacedPrefixed { prefix: "z-" };

/// Syntax definitions, loaded once per run and shared by every thread.
pub struct Highlighter {
    syntaxes: SyntaxSet,
}

impl Default for Highlighter {
    fn default() -> Self {
        Highlighter {
            syntaxes: SyntaxSet::load_defaults_newlines(),
        }
    }
}

impl Highlighter {
    /// `<pre><code>` for a fenced block; unknown languages are kept as plain text.
    pub fn block(&self, lang: &str, code: &str) -> String {
        let token = lang
            .split(|c: char| c == ',' || c.is_whitespace())
            .next()
            .unwrap_or("");
        let mut out = String::with_capacity(code.len() * 4 + 64);
        out.push_str("<pre class=\"code\"");
        if !token.is_empty() {
            out.push_str(" data-lang=\"");
            let _ = escape_html(&mut out, token);
            out.push('"');
        }
        out.push_str("><code>");
        match self.highlight(token, code) {
            Some(html) => out.push_str(&html),
            None => {
                let _ = escape_html(&mut out, code);
            }
        }
        out.push_str("</code></pre>\n");
        out
    }

    fn highlight(&self, token: &str, code: &str) -> Option<String> {
        if token.is_empty() {
            return None;
        }
        let syntax = self.syntaxes.find_syntax_by_token(token).or_else(|| {
            self.syntaxes
                .find_syntax_by_token(&token.to_ascii_lowercase())
        })?;
        let mut generator =
            ClassedHTMLGenerator::new_with_class_style(syntax, &self.syntaxes, CLASS_STYLE);
        for line in LinesWithEndings::from(code) {
            generator
                .parse_html_for_line_which_includes_newline(line)
                .ok()?;
        }
        Some(generator.finalize())
    }
}

/// The stylesheet for the highlighting classes: a light theme, and a dark one for
/// readers whose system asks for it.
pub fn stylesheet() -> String {
    let themes = ThemeSet::load_defaults();
    let mut css = String::new();
    if let Some(light) = themes.themes.get("InspiredGitHub") {
        // Scoped, so that its more specific rules do not win over the dark theme's.
        let theme = css_for_theme_with_class_style(light, CLASS_STYLE).unwrap_or_default();
        css.push_str("@media not all and (prefers-color-scheme: dark) {\n");
        css.push_str(&readable(&theme, LIGHT_CODE_BG, [0, 0, 0]));
        css.push_str("}\n");
    }
    if let Some(dark) = themes.themes.get("base16-ocean.dark") {
        let theme = css_for_theme_with_class_style(dark, CLASS_STYLE).unwrap_or_default();
        css.push_str("@media (prefers-color-scheme: dark) {\n");
        css.push_str(&readable(&theme, DARK_CODE_BG, [255, 255, 255]));
        css.push_str("}\n");
    }
    css
}

/// The code background of the theme (`--code-bg` in style.css), light and dark.
const LIGHT_CODE_BG: [u8; 3] = [0xf6, 0xf8, 0xfa];
const DARK_CODE_BG: [u8; 3] = [0x1b, 0x20, 0x29];

/// The stylesheet with every text colour moved towards `toward` until it reads on
/// `bg` (a contrast of 4.5:1, WCAG AA): some theme colours are too faint.
fn readable(css: &str, bg: [u8; 3], toward: [u8; 3]) -> String {
    // The code's background is the page's (`--code-bg`), not the theme's.
    let css = match css.find(".z-code {") {
        Some(at) => {
            let end = css[at..].find('}').map_or(css.len(), |e| at + e);
            let block: String = css[at..end]
                .lines()
                .filter(|l| !l.trim_start().starts_with("background-color"))
                .collect::<Vec<_>>()
                .join("\n");
            format!("{}{block}{}", &css[..at], &css[end..])
        }
        None => css.to_string(),
    };
    let mut out = String::with_capacity(css.len());
    let mut rest = css.as_str();
    while let Some(at) = rest.find(" color: #") {
        let (head, tail) = rest.split_at(at + " color: #".len());
        out.push_str(head);
        let hex = tail.get(..6).and_then(|h| u32::from_str_radix(h, 16).ok());
        match hex {
            Some(rgb) => {
                let color = [(rgb >> 16) as u8, (rgb >> 8) as u8, rgb as u8];
                let [r, g, b] = legible(color, bg, toward);
                out.push_str(&format!("{r:02x}{g:02x}{b:02x}"));
                rest = &tail[6..];
            }
            None => rest = tail,
        }
    }
    out.push_str(rest);
    out
}

/// `color`, mixed with `toward` a step at a time until its contrast on `bg` is 4.5.
fn legible(color: [u8; 3], bg: [u8; 3], toward: [u8; 3]) -> [u8; 3] {
    let mut c = color;
    for step in 0..=20 {
        if contrast(c, bg) >= 4.5 {
            break;
        }
        let t = f64::from(step + 1) / 20.0;
        for i in 0..3 {
            c[i] = (f64::from(color[i]) + (f64::from(toward[i]) - f64::from(color[i])) * t).round()
                as u8;
        }
    }
    c
}

fn contrast(a: [u8; 3], b: [u8; 3]) -> f64 {
    let luminance = |c: [u8; 3]| {
        let channel = |v: u8| {
            let v = f64::from(v) / 255.0;
            if v <= 0.03928 {
                v / 12.92
            } else {
                ((v + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * channel(c[0]) + 0.7152 * channel(c[1]) + 0.0722 * channel(c[2])
    };
    let (la, lb) = (luminance(a), luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_highlighting_colour_reads_on_the_code_background() {
        let css = stylesheet();
        let (light, dark) = css
            .split_once("@media (prefers-color-scheme: dark)")
            .unwrap();
        for (part, bg) in [(light, LIGHT_CODE_BG), (dark, DARK_CODE_BG)] {
            let colours: Vec<&str> = part.split(" color: #").skip(1).map(|c| &c[..6]).collect();
            assert!(colours.len() > 5);
            for hex in colours {
                let rgb = u32::from_str_radix(hex, 16).unwrap();
                let c = [(rgb >> 16) as u8, (rgb >> 8) as u8, rgb as u8];
                assert!(contrast(c, bg) >= 4.5, "#{hex}: {:.2}", contrast(c, bg));
            }
        }
        // The code takes the page's background, in both.
        assert!(!css.contains(".z-code {\n color: #323232;\n background-color"));
        // A faint grey is darkened on light, lightened on dark.
        assert!(contrast(legible([0xbb; 3], LIGHT_CODE_BG, [0; 3]), LIGHT_CODE_BG) >= 4.5);
        assert!(contrast(legible([0x44; 3], DARK_CODE_BG, [255; 3]), DARK_CODE_BG) >= 4.5);
    }

    #[test]
    fn known_language_gets_classes() {
        let h = Highlighter::default();
        let html = h.block("bash", "echo \"hola\"\n");
        assert!(html.contains("class=\"z-"), "{html}");
        assert!(html.contains("data-lang=\"bash\""));
    }

    #[test]
    fn unknown_language_is_plain_and_escaped() {
        let h = Highlighter::default();
        let html = h.block("klingon", "<b>&</b>\n");
        assert!(html.contains("&lt;b&gt;&amp;&lt;/b&gt;"), "{html}");
        assert!(!html.contains("z-"));
    }

    #[test]
    fn stylesheet_has_both_schemes() {
        let css = stylesheet();
        assert!(css.contains(".z-"));
        assert!(css.contains("prefers-color-scheme: dark"));
    }
}
