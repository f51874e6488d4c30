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
        css.push_str(&css_for_theme_with_class_style(light, CLASS_STYLE).unwrap_or_default());
    }
    if let Some(dark) = themes.themes.get("base16-ocean.dark") {
        css.push_str("@media (prefers-color-scheme: dark) {\n");
        css.push_str(&css_for_theme_with_class_style(dark, CLASS_STYLE).unwrap_or_default());
        css.push_str("}\n");
    }
    css
}

#[cfg(test)]
mod tests {
    use super::*;

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
