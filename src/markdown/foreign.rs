//! Markup of other generators in a body, read as it is written: Hugo's `ref`
//! shortcodes become links, MkDocs admonitions and GitHub alerts become callouts,
//! and the shortcodes and template tags nothing here understands stay as readable
//! text, reported once per kind per file.
//!
//! Adapting a body never adds or removes a line, so every finding about it still
//! names the line of the file.

use crate::content::foreign::{Convention, Conventions};
use crate::findings::Finding;
use pulldown_cmark::Parser;
use pulldown_cmark::{CowStr, Event, Tag, TagEnd};
use pulldown_cmark_escape::escape_html;
use std::collections::{BTreeMap, HashMap};
use std::ops::Range;

/// What a Hugo `{{< ref "x" >}}` becomes in a link's destination: `classify` reads it
/// with Hugo's rules.
pub const REF: &str = "bitacora-ref:";

/// A destination as its author wrote it, for findings.
pub fn as_written(dest: &str) -> String {
    match dest.strip_prefix(REF) {
        Some(reference) => format!(
            "{{{{< ref \"{}\" >}}}}",
            crate::content::url::decode_percent(reference)
        ),
        None => dest.to_string(),
    }
}

/// Markup of another generator that is shown as written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Foreign {
    HugoShortcode,
    TemplateTag,
    TemplateExpression,
}

impl Foreign {
    fn describe(self) -> &'static str {
        match self {
            Foreign::HugoShortcode => "Hugo shortcodes",
            Foreign::TemplateTag => "template tags ({% %}, Jekyll's Liquid or Jinja)",
            Foreign::TemplateExpression => "template expressions ({{ }}, Jekyll's Liquid or Jinja)",
        }
    }
}

/// What was found in a body: where each kind of foreign markup first shows, and
/// the names used.
#[derive(Default)]
struct Found {
    foreign: BTreeMap<Foreign, (usize, Vec<String>)>,
}

impl Found {
    fn add(&mut self, kind: Foreign, line: usize, name: &str) {
        let (_, names) = self.foreign.entry(kind).or_insert((line, Vec::new()));
        if !names.iter().any(|n| n == name) {
            names.push(name.to_string());
        }
    }
}

/// The body with other generators' markup adapted, or `None` when nothing needed
/// it. `body_line` is the number of lines before the body in the file.
pub fn adapt(
    body: &str,
    body_line: usize,
    shown: &str,
    conventions: &mut Conventions,
    findings: &mut Vec<Finding>,
) -> Option<String> {
    // Most bodies have none of it: a quick look first.
    let maybe = ["{{", "{%", "!!!", "???", "[!", "> **", ":::"];
    if !maybe.iter().any(|m| body.contains(m)) {
        return None;
    }
    let mut found = Found::default();
    let out = adapt_text(body, body_line, 0, conventions, &mut found);
    for (kind, (line, names)) in found.foreign {
        let names: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
        findings.push(
            Finding::warning(
                "markup.foreign",
                shown,
                format!(
                    "{} are not understood and are shown as written: {}",
                    kind.describe(),
                    names.join(", ")
                ),
            )
            .at(line, 1)
            .hint("the text stays readable; replace them with Markdown when convenient (`bitacora check --explain` lists what else came from another generator)"),
        );
        for name in names {
            conventions.add(Convention::ShownAsWritten, name);
        }
    }
    (out != body).then_some(out)
}

/// How deep callouts may nest in one another; deeper, they are left as written.
const MAX_DEPTH: usize = 8;

/// Where code and raw HTML are in a text, as Markdown reads it: nothing there is
/// adapted or reported. Sorted, apart.
fn protected(text: &str) -> Vec<Range<usize>> {
    let mut out: Vec<Range<usize>> = Vec::new();
    for (event, range) in Parser::new_ext(text, super::options()).into_offset_iter() {
        let keep = matches!(
            event,
            Event::Start(Tag::CodeBlock(_) | Tag::HtmlBlock)
                | Event::Code(_)
                | Event::Html(_)
                | Event::InlineHtml(_)
        );
        if keep && out.last().is_none_or(|last| range.start >= last.end) {
            out.push(range);
        }
    }
    out
}

/// Where the protected range around `at` ends, if `at` is in one.
fn protected_end(ranges: &[Range<usize>], at: usize) -> Option<usize> {
    let i = ranges.partition_point(|r| r.start <= at);
    ranges[..i].last().filter(|r| at < r.end).map(|r| r.end)
}

/// A text (a body, or a callout's inside), adapted. `first_line` is the file line
/// of the one before its first; `depth` how deep in callouts it is.
fn adapt_text(
    text: &str,
    first_line: usize,
    depth: usize,
    conventions: &mut Conventions,
    found: &mut Found,
) -> String {
    let protected = protected(text);
    let mut lines: Vec<(usize, &str)> = Vec::new();
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        lines.push((at, line));
        at += line.len();
    }
    // A line is left alone when its first character is code or raw HTML.
    let is_protected = |(start, line): (usize, &str)| {
        let first = line.len() - line.trim_start().len();
        !line.trim().is_empty() && protected_end(&protected, start + first).is_some()
    };
    let closes = docusaurus_closes(&lines, &is_protected);
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < lines.len() {
        let (start, line) = lines[i];
        let number = first_line + i + 1;
        if is_protected(lines[i]) {
            out.push_str(line);
            i += 1;
            continue;
        }
        let trimmed = line.trim_start_matches(' ');
        let indent = line.len() - trimmed.len();
        if depth < MAX_DEPTH {
            if let Some(header) = admonition(trimmed) {
                conventions.add(
                    Convention::MkdocsAdmonition,
                    header.kind.to_ascii_lowercase(),
                );
                // The block: lines indented four more, and blank lines between them.
                let inner_indent = " ".repeat(indent + 4);
                let mut end = i + 1;
                let mut last = i;
                while end < lines.len() {
                    let l = lines[end].1;
                    if l.trim().is_empty() {
                        end += 1;
                    } else if l.starts_with(&inner_indent)
                        || l[indent.min(l.len())..].starts_with('\t')
                    {
                        last = end;
                        end += 1;
                    } else {
                        break;
                    }
                }
                let inner: String = lines[i + 1..=last]
                    .iter()
                    .map(|(_, l)| {
                        l.strip_prefix(inner_indent.as_str())
                            .or_else(|| l.get(indent..).and_then(|r| r.strip_prefix('\t')))
                            .unwrap_or(l.trim_start_matches([' ', '\t']))
                    })
                    .collect();
                let inner = adapt_text(&inner, number, depth + 1, conventions, found);
                out.push_str(&" ".repeat(indent));
                out.push_str(&format!("> [!{}]{}", header.kind, header.fold));
                if let Some(title) = header.title {
                    out.push(' ');
                    out.push_str(if title.is_empty() { "\u{200b}" } else { title });
                }
                out.push('\n');
                quote_lines(&mut out, &inner, indent);
                i = last + 1;
                continue;
            }
            if let (Some(&close), Some((kind, title))) =
                (closes.get(&i), docusaurus_open(line.trim()))
            {
                conventions.add(Convention::DocusaurusAdmonition, kind.to_ascii_lowercase());
                let inner: String = lines[i + 1..close].iter().map(|(_, l)| *l).collect();
                let inner = adapt_text(&inner, number, depth + 1, conventions, found);
                out.push_str(&" ".repeat(indent));
                out.push_str(&format!("> [!{kind}]"));
                if !title.is_empty() {
                    out.push(' ');
                    out.push_str(title);
                }
                out.push('\n');
                quote_lines(&mut out, &inner, indent);
                // The closing `:::` ends the quote: an empty line in its place.
                out.push('\n');
                i = close + 1;
                continue;
            }
        }
        if indent < 4 && is_github_alert(trimmed) {
            conventions.add(Convention::GithubAlert, "");
        }
        out.push_str(&adapt_inline(line, start, &protected, number, found));
        i += 1;
    }
    out
}

/// An admonition's first line: `!!! warning "Title"`, `??? note` (folded),
/// `???+ tip` (folded, open).
struct Admonition<'a> {
    kind: &'a str,
    fold: &'static str,
    title: Option<&'a str>,
}

fn admonition(line: &str) -> Option<Admonition<'_>> {
    let line = line.trim_end();
    let (fold, rest) = if let Some(rest) = line.strip_prefix("!!!") {
        ("", rest)
    } else if let Some(rest) = line.strip_prefix("???+") {
        ("+", rest)
    } else if let Some(rest) = line.strip_prefix("???") {
        ("-", rest)
    } else {
        return None;
    };
    // Python-Markdown's rule: words of letters, digits, `_` and `-` (the type, then
    // classes), then maybe a title in double quotes, and nothing else.
    let rest = rest.trim();
    let (words, title) = match rest.find('"') {
        Some(q) => (&rest[..q], Some(rest[q + 1..].strip_suffix('"')?)),
        None => (rest, None),
    };
    let word = |w: &str| {
        w.chars()
            .all(|c| c.is_alphanumeric() || c == '-' || c == '_')
    };
    if !words.split_whitespace().all(word) {
        return None;
    }
    let kind = words.split_whitespace().next()?;
    // A line of prose that happens to start so (`??? Why does this happen`) is no
    // admonition: the type must be one, or a title must say it is.
    if title.is_none() && !is_callout_name(kind) {
        return None;
    }
    Some(Admonition { kind, fold, title })
}

/// Whether `name` is a callout kind of any generator (`warning`, `danger`, `tip`...).
fn is_callout_name(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    CALLOUT_KINDS
        .iter()
        .any(|(_, names)| names.contains(&lower.as_str()))
}

/// Docusaurus' `:::warning Title` (or `:::warning[Title]`): the kind and title.
fn docusaurus_open(line: &str) -> Option<(&str, &str)> {
    let rest = line.strip_prefix(":::")?;
    let kind_len = rest
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_'))
        .unwrap_or(rest.len());
    let (kind, after) = rest.split_at(kind_len);
    if !is_callout_name(kind) {
        return None;
    }
    let title = match after.trim().strip_prefix('[') {
        Some(bracketed) => bracketed.strip_suffix(']')?,
        None => after.trim(),
    };
    Some((kind, title))
}

/// For each Docusaurus opening line, the line of its closing `:::`, in one pass:
/// openings and closings pair up like brackets; code is skipped.
fn docusaurus_closes(
    lines: &[(usize, &str)],
    is_protected: &dyn Fn((usize, &str)) -> bool,
) -> HashMap<usize, usize> {
    let mut closes = HashMap::new();
    let mut open: Vec<usize> = Vec::new();
    for (i, &line) in lines.iter().enumerate() {
        if !line.1.trim_start().starts_with(":::") || is_protected(line) {
            continue;
        }
        let t = line.1.trim();
        if t == ":::" {
            if let Some(at) = open.pop() {
                closes.insert(at, i);
            }
        } else if docusaurus_open(t).is_some() {
            open.push(i);
        }
    }
    closes
}

/// Lines of a callout's body, each made a line of the quote.
fn quote_lines(out: &mut String, inner: &str, indent: usize) {
    for inner_line in inner.split_inclusive('\n') {
        out.push_str(&" ".repeat(indent));
        if inner_line.trim().is_empty() {
            out.push_str(">\n");
        } else {
            out.push_str("> ");
            out.push_str(inner_line);
        }
    }
}

fn is_github_alert(line: &str) -> bool {
    let Some(rest) = line.strip_prefix('>') else {
        return false;
    };
    let rest = rest.trim();
    let kind = rest
        .strip_prefix("[!")
        .and_then(|r| r.strip_suffix(']'))
        .or_else(|| legacy_alert(rest));
    kind.is_some_and(|kind| GITHUB_KINDS.iter().any(|k| k.eq_ignore_ascii_case(kind)))
}

/// The five kinds of GitHub alert.
const GITHUB_KINDS: [&str; 5] = ["note", "tip", "important", "warning", "caution"];

/// GitHub's first form of alerts, still common: a quote whose first line is only
/// `**Note**` or `**Warning**` (maybe with a colon). The kind's name, if it is one.
fn legacy_alert(line: &str) -> Option<&str> {
    let inner = line.trim().strip_prefix("**")?.strip_suffix("**")?;
    let word = inner.trim().trim_end_matches(':').trim();
    GITHUB_KINDS
        .iter()
        .any(|k| k.eq_ignore_ascii_case(word))
        .then_some(word)
}

/// A quote opening with a line that is only `**Note**` (see `legacy_alert`).
fn read_legacy_callout<'a>(events: &[Event<'a>], at: usize) -> Option<Callout<'a>> {
    let (
        Some(Event::Start(Tag::Strong)),
        Some(Event::Text(word)),
        Some(Event::End(TagEnd::Strong)),
    ) = (events.get(at + 2), events.get(at + 3), events.get(at + 4))
    else {
        return None;
    };
    let kind = legacy_alert(&format!("**{word}**"))?.to_ascii_lowercase();
    let paragraph_goes_on = match events.get(at + 5) {
        Some(Event::SoftBreak | Event::HardBreak) => true,
        Some(Event::End(TagEnd::Paragraph)) => false,
        _ => return None,
    };
    Some(Callout {
        kind: callout_kind(&kind),
        fold: None,
        title: Vec::new(),
        paragraph_goes_on,
        next: at + 6,
    })
}

/// One line, starting at byte `start` of its text: Hugo `ref`/`relref` shortcodes
/// in a link's destination turned into one; other shortcodes, template tags and
/// template expressions noted, and kept. Code and raw HTML are left alone.
fn adapt_inline(
    line: &str,
    start: usize,
    protected: &[Range<usize>],
    number: usize,
    found: &mut Found,
) -> String {
    if !line.contains("{{") && !line.contains("{%") {
        return line.to_string();
    }
    let mut out = String::with_capacity(line.len());
    let mut at = 0;
    while at < line.len() {
        let rest = &line[at..];
        if let Some(end) = protected_end(protected, start + at) {
            let upto = (end - start).min(line.len());
            // Protected ranges start and end on characters of the text.
            let upto = (at + 1..=upto)
                .rev()
                .find(|&i| line.is_char_boundary(i))
                .unwrap_or(line.len());
            out.push_str(&line[at..upto]);
            at = upto;
            continue;
        }
        if let Some(taken) = shortcode(rest, &mut out, number, found)
            .or_else(|| template_tag(rest, &mut out, number, found))
        {
            at += taken;
            continue;
        }
        let c = rest.chars().next().unwrap_or(' ');
        out.push(c);
        at += c.len_utf8();
    }
    out
}

/// A Hugo shortcode at the start of `rest` (`{{< name … >}}` or `{{% name … %}}`):
/// written to `out` as it should read, and how many bytes of `rest` it took.
fn shortcode(rest: &str, out: &mut String, number: usize, found: &mut Found) -> Option<usize> {
    let (open, close) = [("{{<", ">}}"), ("{{%", "%}}")]
        .into_iter()
        .find(|(open, _)| rest.starts_with(open))?;
    let after = &rest[open.len()..];
    let end = after.find(close)?;
    let whole = &rest[..open.len() + end + close.len()];
    let inside = after[..end].trim();
    // Hugo's escaped form, `{{</* x */>}}`, shows the shortcode itself.
    if let Some(shown) = inside.strip_prefix("/*").and_then(|i| i.strip_suffix("*/")) {
        out.push_str(&format!("{open} {} {close}", shown.trim()));
        return Some(whole.len());
    }
    let name_part = inside.trim_start_matches('/').trim_start();
    let name: String = name_part
        .chars()
        .take_while(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.' | '/'))
        .collect();
    // A `ref` is read where it stands for a link's destination; anywhere else it
    // would have to print a URL, which is left to the reader.
    let in_destination = (out.ends_with("](") || out.ends_with("](<"))
        && out.contains('[')
        && closes_destination(&rest[whole.len()..]);
    if (name == "ref" || name == "relref") && in_destination {
        let argument = name_part[name.len()..].trim();
        let argument = argument
            .trim_start_matches(['"', '\''])
            .trim_end_matches(['"', '\'']);
        out.push_str(REF);
        out.push_str(&argument.replace(' ', "%20"));
    } else {
        if !name.is_empty() {
            found.add(Foreign::HugoShortcode, number, &name);
        }
        out.push_str(whole);
    }
    Some(whole.len())
}

/// Whether what follows a shortcode ends a link's destination: an anchor maybe,
/// then `)` (or `>)`), with no space between.
fn closes_destination(after: &str) -> bool {
    let end = after
        .find(|c: char| c == ')' || c.is_whitespace())
        .unwrap_or(after.len());
    after[end..].starts_with(')')
}

/// A template tag (`{% include x %}`) or expression (`{{ site.baseurl }}`) of Liquid
/// or Jinja at the start of `rest`: noted, written as it is, and its length.
/// Expressions of Prometheus' alert templates (`{{ $labels.job }}`, `{{ printf
/// "%.2f" $value }}`) are no template of the page's, and are not noted.
fn template_tag(rest: &str, out: &mut String, number: usize, found: &mut Found) -> Option<usize> {
    let (kind, close) = if rest.starts_with("{%") {
        (Foreign::TemplateTag, "%}")
    } else if rest.starts_with("{{") {
        (Foreign::TemplateExpression, "}}")
    } else {
        return None;
    };
    let end = rest[2..].find(close)? + 2;
    let inside = rest[2..end].trim().trim_start_matches('-').trim();
    let name: String = inside
        .chars()
        .take_while(|c| c.is_alphanumeric() || matches!(c, '_' | '.'))
        .collect();
    // Prometheus' alert templates, quoted from an alert, use `$labels`, `$value`.
    let alert_template = kind == Foreign::TemplateExpression && inside.contains('$');
    if name.starts_with(|c: char| c.is_alphabetic()) && !alert_template {
        found.add(kind, number, &name);
    }
    let taken = end + close.len();
    out.push_str(&rest[..taken]);
    Some(taken)
}

/// The five kinds of callout, as GitHub names them, with the names other
/// generators use for each.
const CALLOUT_KINDS: [(&str, &[&str]); 5] = [
    (
        "note",
        &[
            "note", "info", "abstract", "summary", "tldr", "todo", "seealso", "example", "quote",
            "cite",
        ],
    ),
    ("tip", &["tip", "hint", "success", "check", "done"]),
    ("important", &["important", "question", "help", "faq"]),
    ("warning", &["warning", "attention"]),
    (
        "caution",
        &[
            "caution", "danger", "error", "failure", "fail", "missing", "bug",
        ],
    ),
];

/// A callout kind's index in `CALLOUT_KINDS` (an unknown name is a note).
fn callout_kind(written: &str) -> usize {
    let lower = written.to_ascii_lowercase();
    CALLOUT_KINDS
        .iter()
        .position(|(_, names)| names.contains(&lower.as_str()))
        .unwrap_or(0)
}

/// The kinds' own titles, for a callout that gives none: note, tip, important,
/// warning, caution.
pub type CalloutTitles = [String; 5];

/// A quote opening with `[!KIND]` (GitHub, Obsidian, and MkDocs admonitions after
/// `adapt`) as a callout: a titled box, or a folding one for `[!KIND]-` / `[!KIND]+`.
pub fn callouts<'a>(events: Vec<Event<'a>>, titles: &CalloutTitles) -> Vec<Event<'a>> {
    if !events
        .iter()
        .any(|e| matches!(e, Event::Start(Tag::BlockQuote(_))))
    {
        return events;
    }
    let mut out = Vec::with_capacity(events.len());
    // For each open quote, the HTML that closes it when it is a callout.
    let mut open: Vec<Option<&'static str>> = Vec::new();
    let mut i = 0;
    while i < events.len() {
        match &events[i] {
            Event::Start(Tag::BlockQuote(_)) => {
                if let Some(callout) = read_callout(&events, i) {
                    let kind = CALLOUT_KINDS[callout.kind].0;
                    let (start, title_tag, close) = match callout.fold {
                        None => (
                            format!("<div class=\"callout callout-{kind}\" role=\"note\">"),
                            ("<p class=\"callout-title\">", "</p>"),
                            "</div>",
                        ),
                        Some(expanded) => (
                            format!(
                                "<details class=\"callout callout-{kind}\"{}>",
                                if expanded { " open=\"\"" } else { "" }
                            ),
                            ("<summary class=\"callout-title\">", "</summary>"),
                            "</details>",
                        ),
                    };
                    out.push(Event::Html(start.into()));
                    out.push(Event::Html(title_tag.0.into()));
                    if callout.title.is_empty() {
                        let mut escaped = String::new();
                        let _ = escape_html(&mut escaped, &titles[callout.kind]);
                        out.push(Event::Html(escaped.into()));
                    } else {
                        out.extend(callout.title);
                    }
                    out.push(Event::Html(format!("{}\n", title_tag.1).into()));
                    if callout.paragraph_goes_on {
                        out.push(Event::Start(Tag::Paragraph));
                    }
                    open.push(Some(close));
                    i = callout.next;
                    continue;
                }
                open.push(None);
                out.push(events[i].clone());
            }
            Event::End(TagEnd::BlockQuote(_)) => match open.pop() {
                Some(Some(close)) => out.push(Event::Html(format!("{close}\n").into())),
                _ => out.push(events[i].clone()),
            },
            other => out.push(other.clone()),
        }
        i += 1;
    }
    out
}

struct Callout<'a> {
    kind: usize,
    /// `None`: a plain box; `Some(open)`: folding, open or not.
    fold: Option<bool>,
    title: Vec<Event<'a>>,
    /// The first paragraph has more lines after the marker's.
    paragraph_goes_on: bool,
    /// The event after the marker's line.
    next: usize,
}

/// The callout a quote at `at` opens, if its first line is `[!KIND]`, maybe with a
/// fold mark and a title after it.
fn read_callout<'a>(events: &[Event<'a>], at: usize) -> Option<Callout<'a>> {
    if !matches!(events.get(at + 1), Some(Event::Start(Tag::Paragraph))) {
        return None;
    }
    if let Some(callout) = read_legacy_callout(events, at) {
        return Some(callout);
    }
    // The text events at the start of the line, joined: `[`, `!WARNING`, `]`.
    let mut j = at + 2;
    let mut text = String::new();
    while let Some(Event::Text(t)) = events.get(j) {
        text.push_str(t);
        j += 1;
    }
    let rest = text.strip_prefix("[!")?;
    let close = rest.find(']')?;
    let kind = &rest[..close];
    if kind.is_empty()
        || !kind
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    {
        return None;
    }
    let after = &rest[close + 1..];
    let (fold, after) = match after.chars().next() {
        Some('-') => (Some(false), &after[1..]),
        Some('+') => (Some(true), &after[1..]),
        _ => (None, after),
    };
    if !after.is_empty() && !after.starts_with([' ', '\t']) {
        return None;
    }
    let mut title: Vec<Event<'a>> = Vec::new();
    let first = after.trim_start().trim_start_matches('\u{200b}');
    if !first.is_empty() {
        title.push(Event::Text(CowStr::from(first.to_string())));
    }
    let mut k = j;
    let paragraph_goes_on = loop {
        match events.get(k) {
            Some(Event::SoftBreak | Event::HardBreak) => break true,
            Some(Event::End(TagEnd::Paragraph)) | None => break false,
            Some(other) => {
                title.push(other.clone());
                k += 1;
            }
        }
    };
    if let Some(Event::Text(last)) = title.last_mut() {
        let trimmed = last.trim_end().to_string();
        if trimmed.is_empty() {
            title.pop();
        } else {
            *last = CowStr::from(trimmed);
        }
    }
    Some(Callout {
        kind: callout_kind(kind),
        fold,
        title,
        paragraph_goes_on,
        next: k + 1,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(body: &str) -> (Option<String>, Conventions, Vec<Finding>) {
        let mut conventions = Conventions::default();
        let mut findings = Vec::new();
        let out = adapt(body, 3, "content/a.md", &mut conventions, &mut findings);
        (out, conventions, findings)
    }

    #[test]
    fn plain_markdown_is_left_alone() {
        let (out, conventions, findings) = run("# A\n\nText with `{{< ref \"x\" >}}` in code.\n");
        assert_eq!(out, None);
        assert!(conventions.is_empty() && findings.is_empty());
    }

    #[test]
    fn hugo_refs_become_destinations_and_lines_stay() {
        let body = "See [x]({{< ref \"etcd/etcdNoLeader.md\" >}}) and [y]({{< relref \"/a b.md#top\" >}}).\n```\n{{< ref \"kept.md\" >}}\n```\n";
        let (out, conventions, findings) = run(body);
        let out = out.unwrap();
        assert!(
            out.starts_with(
                "See [x](bitacora-ref:etcd/etcdNoLeader.md) and [y](bitacora-ref:/a%20b.md#top)."
            ),
            "{out}"
        );
        assert!(out.contains("{{< ref \"kept.md\" >}}"), "code kept: {out}");
        assert_eq!(out.lines().count(), body.lines().count());
        assert!(findings.is_empty(), "{findings:?}");
        assert!(conventions.is_empty(), "refs are counted by the link pass");
    }

    #[test]
    fn other_shortcodes_and_tags_warn_once_per_kind() {
        let body = "a {{< param version >}}\n\n{{< hint warning >}}\nx\n{{< /hint >}}\n{% include note.html %}\n{% raw %}\n";
        let (out, conventions, findings) = run(body);
        assert_eq!(out, None, "shown as written");
        assert_eq!(findings.len(), 2, "{findings:?}");
        assert_eq!(findings[0].code, "markup.foreign");
        assert_eq!(
            findings[0].line, 4,
            "first shortcode is on the body's first line"
        );
        assert!(
            findings[0].message.contains("`param`, `hint`"),
            "{}",
            findings[0].message
        );
        assert_eq!(findings[1].line, 9);
        assert!(findings[1].message.contains("`include`, `raw`"));
        assert!(conventions.0.contains_key(&Convention::ShownAsWritten));
    }

    #[test]
    fn admonitions_become_callout_quotes_line_for_line() {
        let body = "Intro\n\n!!! warning \"Disk full\"\n    Stop the writer first.\n\n    ```\n    df -h\n    ```\n\nAfter\n??? note\n    Folded.\n";
        let (out, conventions, _) = run(body);
        let out = out.unwrap();
        assert_eq!(
            out,
            "Intro\n\n> [!warning] Disk full\n> Stop the writer first.\n>\n> ```\n> df -h\n> ```\n\nAfter\n> [!note]-\n> Folded.\n"
        );
        assert_eq!(out.lines().count(), body.lines().count());
        assert_eq!(
            conventions.0[&Convention::MkdocsAdmonition],
            vec!["warning".to_string(), "note".to_string()]
        );
    }

    #[test]
    fn odd_template_text_never_panics_and_is_noted_once() {
        let (out, _, findings) = run("Use the {%} operator, {% and {{ and %} and }}.\n");
        assert_eq!(out, None);
        assert!(findings.is_empty(), "{findings:?}");
        let (_, _, findings) =
            run("{{ site.baseurl }}/x and {{ page.title }} but not {{ $labels.job }} nor {{ printf \"%.2f\" $value }}\n");
        assert_eq!(findings.len(), 1, "{findings:?}");
        assert!(findings[0].message.starts_with("template expressions"));
        assert!(findings[0].message.contains("`site.baseurl`, `page.title`"));
        assert!(
            !findings[0].message.contains("printf"),
            "{}",
            findings[0].message
        );
    }

    #[test]
    fn a_ref_outside_a_links_destination_is_noted_not_rewritten() {
        let body = "Bare {{< ref \"a.md\" >}} and <a href=\"{{< relref \"a.md\" >}}\">x</a>\n";
        let (out, _, findings) = run(body);
        assert_eq!(out, None, "no marker leaks into text");
        assert_eq!(findings.len(), 1);
        assert!(
            findings[0].message.contains("`ref`, `relref`"),
            "{}",
            findings[0].message
        );
    }

    #[test]
    fn escaped_shortcodes_show_the_shortcode() {
        let (out, _, findings) = run("Write {{</* ref \"x.md\" */>}} in a link.\n");
        assert_eq!(
            out.as_deref(),
            Some("Write {{< ref \"x.md\" >}} in a link.\n")
        );
        assert!(findings.is_empty());
    }

    #[test]
    fn fences_inside_list_items_are_code() {
        let body = "1. Step\n\n    ```\n    {{< ref \"b.md\" >}} {% if prod %}\n    ```\n";
        let (out, _, findings) = run(body);
        assert_eq!(out, None);
        assert!(findings.is_empty(), "{findings:?}");
    }

    #[test]
    fn prose_that_looks_like_an_admonition_stays_prose() {
        for line in [
            "!!! DO NOT RESTART THE PRIMARY !!!\n",
            "??? Why does this happen\n",
            "!!!!\n",
        ] {
            let (out, conventions, _) = run(line);
            assert_eq!(out, None, "{line}");
            assert!(conventions.is_empty(), "{line}");
        }
        // Python-Markdown takes `!!!warning` too.
        assert_eq!(
            run("!!!warning\n    x\n").0.as_deref(),
            Some("> [!warning]\n> x\n")
        );
        // A type of nobody's, with a title, is one (drawn as a note).
        let (out, _, _) = run("!!! custom \"Mine\"\n    x\n");
        assert_eq!(out.as_deref(), Some("> [!custom] Mine\n> x\n"));
    }

    #[test]
    fn docusaurus_admonitions_become_callout_quotes() {
        let body =
            ":::danger Borra datos\n\nDetener **antes**.\n\n:::\nDespués\n:::tip[Atajo]\nx\n:::\n";
        let (out, conventions, _) = run(body);
        assert_eq!(
            out.as_deref(),
            Some("> [!danger] Borra datos\n>\n> Detener **antes**.\n>\n\nDespués\n> [!tip] Atajo\n> x\n\n")
        );
        assert!(conventions
            .0
            .contains_key(&Convention::DocusaurusAdmonition));
        // Never closed: left as written.
        assert_eq!(run(":::note\nx\n").0, None);
    }

    #[test]
    fn code_and_html_are_left_alone_wherever_they_are() {
        for body in [
            // A fence opening on a list item's marker line.
            "1. ```\n   [x]({{< ref \"b.md\" >}})\n   ```\n",
            // An indented line inside a fence does not close it.
            "```\n    ```\n[x]({{< ref \"b.md\" >}})\n```\n",
            // A fence in a quote.
            "> ```\n> [x]({{< ref \"b.md\" >}}) {% if x %}\n> ```\n",
            // An HTML comment.
            "<!--\n[x]({{< ref \"b.md\" >}})\n-->\n",
        ] {
            let (out, _, findings) = run(body);
            assert_eq!(out, None, "{body}");
            assert!(findings.is_empty(), "{body}: {findings:?}");
        }
        // After such a block, refs are read again.
        let (out, _, _) = run("1. ```\n   a\n   ```\n\n[after]({{< ref \"b.md\" >}})\n");
        assert!(out.unwrap().ends_with("[after](bitacora-ref:b.md)\n"));
    }

    #[test]
    fn a_ref_is_rewritten_only_where_it_ends_a_links_destination() {
        for body in [
            "Smile :]({{< ref \"b.md\" >}})\n",
            "[u]({{< ref \"b.md\" >}}\n",
        ] {
            let (out, _, findings) = run(body);
            assert_eq!(out, None, "{body}");
            assert_eq!(findings.len(), 1, "{body}");
        }
        let (out, _, _) = run("[a]({{< ref \"b.md\" >}}#top)\n");
        assert_eq!(out.as_deref(), Some("[a](bitacora-ref:b.md#top)\n"));
    }

    #[test]
    fn docusaurus_blocks_pair_up_around_code_in_one_pass() {
        let body = ":::note\n```\n:::\n```\n:::\n\nAfter.\n";
        let (out, _, _) = run(body);
        assert_eq!(
            out.as_deref(),
            Some("> [!note]\n> ```\n> :::\n> ```\n\n\nAfter.\n")
        );
        // Deep nesting is cut off: the blocks below the limit stay as written.
        let deep = format!("{}x\n{}", ":::note\n".repeat(20), ":::\n".repeat(20));
        let out = run(&deep).0.unwrap();
        assert_eq!(out.lines().count(), 41);
        assert_eq!(out.matches("[!note]").count(), MAX_DEPTH, "{out}");
    }

    #[test]
    fn admonitions_inside_list_steps() {
        let body = "1. Step\n\n    !!! warning\n        Careful.\n";
        let (out, _, _) = run(body);
        assert_eq!(
            out.as_deref(),
            Some("1. Step\n\n    > [!warning]\n    > Careful.\n")
        );
    }

    #[test]
    fn github_alerts_are_recognised() {
        let (_, conventions, _) = run("> [!WARNING]\n> Careful.\n");
        assert!(conventions.0.contains_key(&Convention::GithubAlert));
        let (_, conventions, _) = run("> **Note**\n> Careful.\n");
        assert!(conventions.0.contains_key(&Convention::GithubAlert));
        let (_, conventions, _) = run("> **Not an alert**\n");
        assert!(conventions.is_empty());
    }

    fn html(markdown: &str) -> String {
        let titles: CalloutTitles =
            ["Nota", "Consejo", "Importante", "Advertencia", "Precaución"].map(String::from);
        let events: Vec<Event<'_>> = pulldown_cmark::Parser::new(markdown).collect();
        let mut out = String::new();
        pulldown_cmark::html::push_html(&mut out, callouts(events, &titles).into_iter());
        out
    }

    #[test]
    fn callouts_from_alerts_with_and_without_titles() {
        let out = html("> [!WARNING]\n> Stop the **writer**.\n");
        assert_eq!(
            out,
            "<div class=\"callout callout-warning\" role=\"note\"><p class=\"callout-title\">Advertencia</p>\n<p>Stop the <strong>writer</strong>.</p>\n</div>\n"
        );
        let out = html("> [!danger] Data *loss*\n>\n> Text.\n");
        assert!(out.starts_with("<div class=\"callout callout-caution\" role=\"note\"><p class=\"callout-title\">Data <em>loss</em></p>"), "{out}");
        let out = html("> [!note]- More\n> Hidden.\n");
        assert!(out.starts_with("<details class=\"callout callout-note\"><summary class=\"callout-title\">More</summary>"), "{out}");
        assert!(out.trim_end().ends_with("</details>"), "{out}");
        // GitHub's first form of alerts.
        let out = html("> **Warning**\n> Stop first.\n");
        assert!(
            out.starts_with("<div class=\"callout callout-warning\" role=\"note\"><p class=\"callout-title\">Advertencia</p>\n<p>Stop first.</p>"),
            "{out}"
        );
        assert!(html("> **Note:**\n>\n> Text.\n").contains("callout-note"));
        assert!(html("> **Warning** do not\n").starts_with("<blockquote>"));
        // An ordinary quote, and one that only looks alike, stay quotes.
        assert_eq!(
            html("> Just a quote\n"),
            "<blockquote>\n<p>Just a quote</p>\n</blockquote>\n"
        );
        assert!(html("> [!x]y\n").starts_with("<blockquote>"));
    }

    #[test]
    fn nested_quotes_close_in_order() {
        let out = html("> [!tip]\n> > inner quote\n> outer\n");
        assert!(out.contains("<blockquote>"), "{out}");
        assert!(
            out.trim_end()
                .ends_with("</blockquote>\n<p>outer</p>\n</div>")
                || out.trim_end().ends_with("</div>"),
            "{out}"
        );
        assert_eq!(out.matches("<div").count(), out.matches("</div>").count());
    }
}
