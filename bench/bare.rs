//! The floor bitacora is measured against: pulldown-cmark + syntect + rayon, no
//! templates, no checks. `cargo run --release --example bare -- CONTENT_DIR OUT_DIR`
use pulldown_cmark::{CodeBlockKind, Event, Options, Parser, Tag, TagEnd};
use rayon::prelude::*;
use std::path::PathBuf;
use syntect::html::{ClassStyle, ClassedHTMLGenerator};
use syntect::parsing::SyntaxSet;
use syntect::util::LinesWithEndings;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let (src, out) = (PathBuf::from(&args[1]), PathBuf::from(&args[2]));
    let syntaxes = SyntaxSet::load_defaults_newlines();
    let files: Vec<PathBuf> = walkdir::WalkDir::new(&src)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "md"))
        .map(|e| e.into_path())
        .collect();
    files.par_iter().for_each(|path| {
        let text = std::fs::read_to_string(path).unwrap();
        let html = render(&text, &syntaxes);
        let rel = path.strip_prefix(&src).unwrap().with_extension("");
        let dest = out.join(rel).join("index.html");
        std::fs::create_dir_all(dest.parent().unwrap()).unwrap();
        std::fs::write(dest, html).unwrap();
    });
    println!("{} pages", files.len());
}

fn render(text: &str, syntaxes: &SyntaxSet) -> String {
    let mut events = Vec::new();
    let mut code: Option<(String, String)> = None;
    for event in Parser::new_ext(text, Options::all()) {
        match (&mut code, event) {
            (None, Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(lang)))) => {
                code = Some((lang.to_string(), String::new()))
            }
            (Some((_, buf)), Event::Text(t)) => buf.push_str(&t),
            (Some((lang, buf)), Event::End(TagEnd::CodeBlock)) => {
                let syntax = syntaxes
                    .find_syntax_by_token(lang)
                    .unwrap_or_else(|| syntaxes.find_syntax_plain_text());
                let mut gen = ClassedHTMLGenerator::new_with_class_style(
                    syntax,
                    syntaxes,
                    ClassStyle::SpacedPrefixed { prefix: "z-" },
                );
                for line in LinesWithEndings::from(buf) {
                    gen.parse_html_for_line_which_includes_newline(line)
                        .unwrap();
                }
                events.push(Event::Html(
                    format!("<pre><code>{}</code></pre>", gen.finalize()).into(),
                ));
                code = None;
            }
            (None, e) => events.push(e),
            _ => {}
        }
    }
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, events.into_iter());
    html
}
