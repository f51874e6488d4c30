//! Code highlighting with syntect, as CSS classes so one stylesheet serves light and dark.

use pulldown_cmark_escape::escape_html;
use std::collections::HashMap;
use syntect::highlighting::ThemeSet;
use syntect::html::{css_for_theme_with_class_style, ClassStyle, ClassedHTMLGenerator};
use syntect::parsing::SyntaxSet;
use syntect::util::LinesWithEndings;

const CLASS_STYLE: ClassStyle = ClassStyle::SpacedPrefixed { prefix: "z-" };

/// Syntax definitions, loaded once per run and shared by every thread, and the
/// classes the site's highlighting stylesheet can style.
pub struct Highlighter {
    syntaxes: SyntaxSet,
    styled: Styled,
}

impl Default for Highlighter {
    /// With the built-in stylesheet.
    fn default() -> Self {
        Highlighter::new(Styled::from_css(&stylesheet()))
    }
}

impl Highlighter {
    pub fn new(styled: Styled) -> Self {
        Highlighter {
            syntaxes: SyntaxSet::load_defaults_newlines(),
            styled,
        }
    }

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
        Some(self.styled.prune(&generator.finalize()))
    }
}

/// What a highlighting stylesheet can match: each compound selector (`.z-a.z-b`) as
/// a set of classes. syntect wraps every scope in a span carrying all of the scope's
/// atoms (`z-meta z-function-call z-arguments z-python`), and most of those spans
/// match no rule: on code-heavy pages they are over a third of the HTML. A span no
/// compound matches can neither be styled nor be the ancestor a descendant selector
/// needs, so it is left out (its text kept), and a class no selector names is left
/// off the spans that stay. What the reader sees does not change.
#[derive(Debug, Clone, Default)]
pub struct Styled {
    /// Every class any selector names, by its bit in a compound's mask.
    classes: HashMap<String, u32>,
    compounds: Vec<u128>,
    /// More than 128 classes (a site's own stylesheet): nothing is pruned.
    keep_all: bool,
}

impl Styled {
    /// The compound selectors of a stylesheet (at-rules' own preludes skipped,
    /// comments ignored).
    pub fn from_css(css: &str) -> Styled {
        let mut styled = Styled::default();
        let mut text = String::with_capacity(css.len());
        let mut rest = css;
        while let Some(at) = rest.find("/*") {
            text.push_str(&rest[..at]);
            rest = rest[at..]
                .find("*/")
                .map_or("", |end| &rest[at + end + 2..]);
        }
        text.push_str(rest);
        // Whatever comes before a `{` and after the last `{`, `}` or `;` is a prelude.
        for prelude in text.split('{').filter_map(|chunk| {
            let start = chunk.rfind(['}', ';']).map_or(0, |at| at + 1);
            chunk.get(start..)
        }) {
            let prelude = prelude.trim();
            if prelude.starts_with('@') {
                continue;
            }
            for compound in prelude
                .split(|c: char| c == ',' || c == '>' || c == '+' || c == '~' || c.is_whitespace())
            {
                let mut mask = 0u128;
                for class in compound.split('.').skip(1) {
                    let name: String = class
                        .chars()
                        .take_while(|c| c.is_alphanumeric() || *c == '-' || *c == '_')
                        .collect();
                    if name.is_empty() {
                        continue;
                    }
                    let next = styled.classes.len() as u32;
                    let bit = *styled.classes.entry(name).or_insert(next);
                    if bit >= 128 {
                        styled.keep_all = true;
                        continue;
                    }
                    mask |= 1 << bit;
                }
                if mask != 0 && !styled.compounds.contains(&mask) {
                    styled.compounds.push(mask);
                }
            }
        }
        styled
    }

    /// syntect's HTML with the spans no rule can match taken out.
    pub fn prune(&self, html: &str) -> String {
        if self.keep_all {
            return html.to_string();
        }
        const OPEN: &str = "<span class=\"";
        let mut out = String::with_capacity(html.len());
        let mut kept: Vec<bool> = Vec::new();
        let mut decided: HashMap<&str, Option<String>> = HashMap::new();
        let mut rest = html;
        while let Some(at) = rest.find('<') {
            out.push_str(&rest[..at]);
            rest = &rest[at..];
            if let Some(after) = rest.strip_prefix("</span>") {
                if kept.pop().unwrap_or(true) {
                    out.push_str("</span>");
                }
                rest = after;
            } else if let Some((classes, after)) =
                rest.strip_prefix(OPEN).and_then(|r| r.split_once("\">"))
            {
                let span = decided.entry(classes).or_insert_with(|| self.span(classes));
                if let Some(span) = span {
                    out.push_str(span);
                }
                kept.push(span.is_some());
                rest = after;
            } else {
                out.push('<');
                rest = &rest[1..];
            }
        }
        out.push_str(rest);
        out
    }

    /// The opening tag for a span with these classes, or None when no rule matches.
    fn span(&self, classes: &str) -> Option<String> {
        let named: Vec<(&str, u32)> = classes
            .split_whitespace()
            .filter_map(|c| self.classes.get(c).map(|&bit| (c, bit)))
            .collect();
        let mask = named.iter().fold(0u128, |m, &(_, bit)| m | 1 << bit);
        self.compounds.iter().any(|&c| c & !mask == 0).then(|| {
            let names: Vec<&str> = named.iter().map(|&(c, _)| c).collect();
            format!("<span class=\"{}\">", names.join(" "))
        })
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

    /// syntect's own HTML for `code`, every scope a span.
    fn unpruned(lang: &str, code: &str) -> String {
        let syntaxes = SyntaxSet::load_defaults_newlines();
        let syntax = syntaxes.find_syntax_by_token(lang).unwrap();
        let mut g = ClassedHTMLGenerator::new_with_class_style(syntax, &syntaxes, CLASS_STYLE);
        for line in LinesWithEndings::from(code) {
            g.parse_html_for_line_which_includes_newline(line).unwrap();
        }
        g.finalize()
    }

    /// For each character of text, which rules of `css` match it and each of its
    /// ancestors, outermost first (ancestors no rule matches left out). Selectors
    /// are syntect's: compounds of classes joined by descendant combinators.
    fn matched(html: &str, css: &str) -> Vec<(char, Vec<Vec<usize>>)> {
        let mut selectors: Vec<Vec<Vec<&str>>> = Vec::new();
        for rule in css.split('}') {
            let Some((prelude, _)) = rule.rsplit_once('{') else {
                continue;
            };
            let prelude = prelude.rsplit(['{', '}']).next().unwrap_or("");
            let prelude = prelude.rsplit("*/").next().unwrap_or("");
            for selector in prelude.split(',') {
                let compounds: Vec<Vec<&str>> = selector
                    .split_whitespace()
                    .map(|c| c.split('.').filter(|c| !c.is_empty()).collect())
                    .collect();
                if !compounds.is_empty() && selector.trim_start().starts_with('.') {
                    selectors.push(compounds);
                }
            }
        }
        assert!(selectors.len() > 50, "{}", selectors.len());
        let matches = |stack: &[Vec<&str>], depth: usize, sel: &[Vec<&str>]| {
            let has = |el: &Vec<&str>, comp: &Vec<&str>| comp.iter().all(|c| el.contains(c));
            let (last, before) = sel.split_last().unwrap();
            if !has(&stack[depth], last) {
                return false;
            }
            let mut d = depth;
            for comp in before.iter().rev() {
                match (0..d).rev().find(|&a| has(&stack[a], comp)) {
                    Some(a) => d = a,
                    None => return false,
                }
            }
            true
        };
        let mut out = Vec::new();
        let mut stack: Vec<Vec<&str>> = Vec::new();
        let mut rest = html;
        while !rest.is_empty() {
            if let Some(after) = rest.strip_prefix("</span>") {
                stack.pop();
                rest = after;
            } else if let Some(after) = rest.strip_prefix("<span class=\"") {
                let (classes, after) = after.split_once("\">").unwrap();
                stack.push(classes.split_whitespace().collect());
                rest = after;
            } else {
                let c = rest.chars().next().unwrap();
                let rules: Vec<Vec<usize>> = (0..stack.len())
                    .map(|d| {
                        (0..selectors.len())
                            .filter(|&i| matches(&stack, d, &selectors[i]))
                            .collect::<Vec<usize>>()
                    })
                    .filter(|r| !r.is_empty())
                    .collect();
                out.push((c, rules));
                rest = &rest[c.len_utf8()..];
            }
        }
        out
    }

    const SAMPLES: &[(&str, &str)] = &[
        ("python", "def check(client, limit=800):\n    # latency\n    return client.get(f\"/health?x={limit}\") is None\n"),
        ("yaml", "services:\n  - name: api # main\n    replicas: 3\n    image: \"registry/api:1.2\"\n"),
        ("bash", "systemctl restart celery && journalctl -u celery --since \"-5m\" | grep -c ERROR\nfor h in a b; do echo \"$h\"; done\n"),
        ("sql", "SELECT count(*) FROM jobs WHERE state = 'failed' AND created_at > now() - interval '1 hour';\n"),
        ("rust", "fn main() -> Result<(), Box<dyn Error>> { let x: u32 = 7; println!(\"{x}\"); Ok(()) }\n"),
        ("json", "{\"a\": [1, 2.5, true, null], \"b\": {\"c\": \"d\"}}\n"),
        ("html", "<div class=\"x\" id=y><a href=\"#\">&amp; link</a><!-- c --></div>\n"),
        ("js", "const f = async (a) => { await fetch(`/x/${a}`); return /re+/g.test(a); };\n"),
        ("diff", "--- a/x\n+++ b/x\n@@ -1 +1 @@\n-old\n+new\n"),
    ];

    #[test]
    fn pruning_keeps_every_rule_that_matched_each_character() {
        let css = stylesheet();
        let h = Highlighter::default();
        for (lang, code) in SAMPLES {
            let full = unpruned(lang, code);
            let pruned = h.highlight(lang, code).unwrap();
            assert!(pruned.len() < full.len(), "{lang}: nothing pruned");
            let (a, b) = (matched(&full, &css), matched(&pruned, &css));
            assert_eq!(a.len(), b.len(), "{lang}: text changed");
            for (x, y) in a.iter().zip(&b) {
                assert_eq!(x, y, "{lang}: {pruned}");
            }
        }
        // Pruning that dropped a styled span would show: the keyword's rule is gone.
        let full = unpruned("python", "def f(): pass\n");
        let broken = full.replacen(
            "<span class=\"z-storage z-type z-function z-python\">def</span>",
            "def",
            1,
        );
        assert_ne!(matched(&full, &css), matched(&broken, &css));
    }

    #[test]
    fn a_sites_own_stylesheet_decides_what_is_kept() {
        let css = "/* mine */ .z-storage.z-type { color: red; }\n@media print { .z-comment .z-punctuation { color: gray } }";
        let styled = Styled::from_css(css);
        let html = Highlighter::new(styled).block("python", "def f(): # x\n    pass\n");
        assert!(
            html.contains("<span class=\"z-storage z-type\">def</span>"),
            "{html}"
        );
        // The comment's span is kept as the ancestor `.z-comment .z-punctuation` needs.
        assert!(
            html.contains(
                "<span class=\"z-comment\"><span class=\"z-punctuation z-comment\">#</span>"
            ),
            "{html}"
        );
        assert!(
            !html.contains("z-python") && !html.contains("z-source"),
            "{html}"
        );
        // A stylesheet naming more classes than fit the masks prunes nothing.
        let many: String = (0..200)
            .map(|i| format!(".c{i} {{ color: red }}\n"))
            .collect();
        let html = Highlighter::new(Styled::from_css(&many)).block("python", "pass\n");
        assert!(html.contains("z-source z-python"), "{html}");
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
