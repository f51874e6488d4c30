//! Markdown bodies: parsed once into HTML, with heading ids, a table of contents,
//! highlighted code, and every internal link rewritten and recorded for checking.

pub mod foreign;
pub mod highlight;
pub mod timeline;

use crate::content::foreign::Convention;
use crate::content::url;
use crate::findings::LineIndex;
use highlight::Highlighter;
use pulldown_cmark::{CodeBlockKind, CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use pulldown_cmark_escape::{escape_href, escape_html};
use std::collections::HashMap;
use std::ops::Range;

/// What the site needs to know of a body before anything is rendered: its headings
/// (for anchors and the table of contents) and its internal links (for checking).
#[derive(Debug, Default)]
pub struct Outline {
    /// Nested list of the headings, empty below three headings.
    pub toc: String,
    pub headings: Vec<Heading>,
    pub links: Vec<LinkRef>,
    /// Every task-list item (`- [ ]`, `- [x]`), in order.
    pub tasks: Vec<Task>,
    /// Every ```` ```kpi ```` block: the line of its opening fence, and its text.
    pub kpi_blocks: Vec<(usize, String)>,
    /// The line in the file of each heading, as `headings`.
    pub heading_lines: Vec<usize>,
    /// The text of a `#` heading that opened the body; it is the title, not body.
    pub h1: Option<String>,
    /// The plain text of each part of the body, for search: before the first
    /// heading, then under each heading (as `headings`), heading text left out.
    pub text: Vec<String>,
}

/// A task-list item: ticked or not, its text, its line, and the heading it is under.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Task {
    pub done: bool,
    pub text: String,
    /// The item's own Markdown after its box, on one line (nested lists left out).
    pub source: String,
    pub line: usize,
    /// Index in `Outline::headings` of the nearest heading above.
    pub heading: Option<usize>,
}

impl Outline {
    /// The index of the first heading whose text, without accents or case, is one
    /// of `names` (also written as slugs: `plan-de-reversa`) or starts with one.
    pub fn section(&self, names: &[&str]) -> Option<usize> {
        self.headings.iter().position(|h| named(&h.text, names))
    }

    /// Whether heading `index`, or one it is under, is named one of `names` (as in
    /// `section`).
    pub fn under_heading(&self, index: usize, names: &[&str]) -> bool {
        let mut level = u8::MAX;
        for h in self.headings[..=index].iter().rev() {
            if h.level < level {
                level = h.level;
                if named(&h.text, names) {
                    return true;
                }
            }
        }
        false
    }

    /// The task items under heading `index` and its subheadings.
    pub fn tasks_under(&self, index: usize) -> impl Iterator<Item = &Task> {
        let level = self.headings[index].level;
        let end = self.headings[index + 1..]
            .iter()
            .position(|h| h.level <= level)
            .map_or(self.headings.len(), |p| index + 1 + p);
        self.tasks
            .iter()
            .filter(move |t| t.heading.is_some_and(|h| h >= index && h < end))
    }
}

/// A heading's text is one of `names` (slugs), or starts with one.
fn named(text: &str, names: &[&str]) -> bool {
    let slug = url::slugify(text);
    names
        .iter()
        .any(|n| slug == *n || slug.starts_with(&format!("{n}-")))
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heading {
    pub level: u8,
    pub id: String,
    pub text: String,
}

/// An internal link as written, where it was written, and what it points at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkRef {
    pub target: Target,
    pub anchor: Option<String>,
    pub written: String,
    pub line: usize,
    pub col: usize,
    /// The convention of another generator the link is written in, if any.
    pub form: Option<Convention>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// The same page (`#anchor`).
    Itself,
    /// A Markdown file, as a path relative to `content/`.
    Page(String),
    /// A folder of pages.
    Section(String),
    /// Any other file, copied as is.
    Asset(String),
    /// Above the content folder.
    Outside,
    /// A URL path of the site (`/docs/add-runbook/`, slugged), named by no file or
    /// folder: matched against the site's pages once all are known.
    Url(String),
}

/// Where the body comes from.
pub struct Context<'a> {
    /// Source path relative to `content/`.
    pub rel: &'a str,
    /// The page's URL, for relative hrefs.
    pub url: &'a str,
    /// Lines before the body in the file (front matter).
    pub line_offset: usize,
    /// The title from front matter: an opening `#` heading is the title, and left
    /// out of the body, only when there is none or it says the same.
    pub title: Option<&'a str>,
    /// Every file under `content/` that is not Markdown, sorted: a link without an
    /// extension is a file when it names one of these, else a folder.
    pub assets: &'a [String],
    /// Every Markdown file under `content/`, sorted: a link without `.md` names a
    /// page when one of these has its path.
    pub pages: &'a [String],
    /// Pages whose URL is not the one their path gives (a `slug`, a folder's own
    /// page), by path: links to them are written to where they are.
    pub moved: Option<&'a HashMap<String, String>>,
    /// An incident's timeline section is drawn as a timeline (postmortems), with
    /// times elapsed from this start when there is one.
    pub timeline: Option<Option<chrono::DateTime<chrono::FixedOffset>>>,
    /// Draws a ```` ```kpi ```` block (its TOML text) as HTML; without it the block
    /// is shown as code.
    pub kpi: Option<&'a (dyn Fn(&str) -> String + Sync)>,
    /// Put before every heading id, and before the anchors of links within the page:
    /// for a page that shows several bodies one after another (the changelog).
    pub anchor_prefix: &'a str,
}

impl<'a> Context<'a> {
    /// A file at `rel` rendered at `url`, with nothing else known of it: no front
    /// matter, no assets, no timeline or KPI blocks drawn.
    pub const fn of_file(rel: &'a str, url: &'a str) -> Context<'a> {
        Context {
            rel,
            url,
            line_offset: 0,
            title: None,
            assets: &[],
            pages: &[],
            moved: None,
            timeline: None,
            kpi: None,
            anchor_prefix: "",
        }
    }
}

pub(crate) fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
}

type Spanned<'a> = Vec<(Event<'a>, Range<usize>)>;

/// Parses a body: the opening `#` heading taken out as the title (see
/// `Context::title`), every heading given its id. Both passes start here, so they
/// agree on ids.
fn parse<'t>(text: &'t str, cx: &Context<'_>) -> (Spanned<'t>, Option<String>, Vec<Heading>) {
    let mut events: Spanned<'_> = Parser::new_ext(text, options())
        .into_offset_iter()
        .collect();
    let mut h1 = None;
    if let Some((
        Event::Start(Tag::Heading {
            level: HeadingLevel::H1,
            ..
        }),
        _,
    )) = events.first()
    {
        if let Some(end) = events
            .iter()
            .position(|(e, _)| matches!(e, Event::End(TagEnd::Heading(_))))
        {
            let text = plain_text(&events[1..end]);
            if cx.title.is_none_or(|title| title.trim() == text) {
                h1 = Some(text);
                events.drain(..=end);
            }
        }
    }
    let mut headings = Vec::new();
    assign_heading_ids(&mut events, &mut headings);
    (events, h1, headings)
}

/// The first pass, cheap: headings and links, no HTML.
pub fn outline(text: &str, cx: &Context<'_>) -> Outline {
    let (events, h1, headings) = parse(text, cx);
    let lines = LineIndex::new(text);
    let mut links = Vec::new();
    let mut html_scan = HtmlScan::default();
    let mut tasks: Vec<Task> = Vec::new();
    let mut heading_lines = Vec::with_capacity(headings.len());
    // The task item whose text is being gathered, and how deep in lists it is.
    let mut open_task: Option<usize> = None;
    let mut kpi_blocks: Vec<(usize, String)> = Vec::new();
    let mut in_kpi = false;
    let mut item_depth = 0usize;
    let mut task_depth = 0usize;
    // Where the open task's own Markdown starts, until its text ends.
    let mut source_from: Option<usize> = None;
    let take_source = |tasks: &mut Vec<Task>, from: &mut Option<usize>, to: usize| {
        if let (Some(start), Some(task)) = (from.take(), tasks.last_mut()) {
            let written = text.get(start..to.max(start)).unwrap_or("");
            // Continuation lines joined; spaces within a line (in code) kept.
            task.source = written
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .collect::<Vec<_>>()
                .join(" ");
        }
    };
    let mut text_parts: Vec<String> = vec![String::new()];
    let mut in_heading = false;
    for (event, range) in &events {
        match event {
            Event::Start(Tag::Heading { .. }) => {
                in_heading = true;
                text_parts.push(String::new());
            }
            Event::End(TagEnd::Heading(_)) => in_heading = false,
            Event::Text(t) | Event::Code(t) if !in_heading && !in_kpi => {
                if let Some(part) = text_parts.last_mut() {
                    part.push_str(t);
                }
            }
            Event::SoftBreak | Event::HardBreak | Event::End(_) if !in_heading => {
                if let Some(part) = text_parts.last_mut() {
                    if !part.ends_with(' ') && !part.is_empty() {
                        part.push(' ');
                    }
                }
            }
            _ => {}
        }
        match event {
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info))) if info.trim() == "kpi" => {
                in_kpi = true;
                let line = lines.line_col(text, range.start).0 + cx.line_offset;
                kpi_blocks.push((line, String::new()));
            }
            Event::Text(t) if in_kpi => {
                if let Some((_, block)) = kpi_blocks.last_mut() {
                    block.push_str(t);
                }
            }
            Event::End(TagEnd::CodeBlock) => in_kpi = false,
            Event::Start(Tag::Heading { .. }) => {
                heading_lines.push(lines.line_col(text, range.start).0 + cx.line_offset);
            }
            Event::Start(Tag::Item) => item_depth += 1,
            Event::Start(Tag::List(_)) | Event::End(TagEnd::Paragraph)
                if open_task.is_some() && item_depth == task_depth =>
            {
                let to = if matches!(event, Event::Start(_)) {
                    range.start
                } else {
                    range.end
                };
                take_source(&mut tasks, &mut source_from, to);
            }
            Event::End(TagEnd::Item) => {
                if open_task.is_some() && item_depth == task_depth {
                    take_source(&mut tasks, &mut source_from, range.end);
                    open_task = None;
                }
                item_depth = item_depth.saturating_sub(1);
            }
            Event::TaskListMarker(done) => {
                source_from = Some(range.end);
                tasks.push(Task {
                    done: *done,
                    text: String::new(),
                    source: String::new(),
                    line: lines.line_col(text, range.start).0 + cx.line_offset,
                    heading: heading_lines.len().checked_sub(1),
                });
                open_task = Some(tasks.len() - 1);
                task_depth = item_depth;
            }
            Event::Text(t) | Event::Code(t) if open_task.is_some() && item_depth == task_depth => {
                if let Some(task) = open_task.and_then(|i| tasks.get_mut(i)) {
                    task.text.push_str(t);
                }
            }
            Event::SoftBreak if open_task.is_some() && item_depth == task_depth => {
                if let Some(task) = open_task.and_then(|i| tasks.get_mut(i)) {
                    task.text.push(' ');
                }
            }
            _ => {}
        }
        // Links in raw HTML (`<img src>`, `<a href>`) are links too.
        if let Event::Html(html) | Event::InlineHtml(html) = event {
            for (at, value) in html_scan.urls(html) {
                if let Some(parsed) = classify(cx, value) {
                    let (line, col) = lines.line_col(text, range.start + at.start.min(range.len()));
                    links.push(LinkRef {
                        target: parsed.target,
                        anchor: parsed.anchor,
                        written: value.to_string(),
                        line: line + cx.line_offset,
                        col,
                        form: parsed.form,
                    });
                }
            }
        }
        if let Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) = event {
            if let Some(parsed) = classify(cx, dest_url) {
                let (line, col) = lines.line_col(text, range.start);
                links.push(LinkRef {
                    target: parsed.target,
                    anchor: parsed.anchor,
                    written: foreign::as_written(dest_url),
                    line: line + cx.line_offset,
                    col,
                    form: parsed.form,
                });
            }
        }
    }
    for task in &mut tasks {
        task.text = task.text.trim().to_string();
    }
    Outline {
        toc: toc(&headings),
        headings,
        links,
        tasks,
        kpi_blocks,
        heading_lines,
        h1,
        text: text_parts,
    }
}

/// The Markdown renderer: the highlighter, shared by every page, and the titles of
/// callouts that give none, in the site's language.
#[derive(Default)]
pub struct Markdown {
    pub highlighter: Highlighter,
    pub callout_titles: foreign::CalloutTitles,
}

impl Markdown {
    /// Highlighting for a stylesheet of the site's own (`static/syntax.css`).
    pub fn with_stylesheet(css: &str) -> Markdown {
        Markdown {
            highlighter: Highlighter::new(highlight::Styled::from_css(css)),
            callout_titles: Default::default(),
        }
    }

    pub fn with_callout_titles(self, callout_titles: foreign::CalloutTitles) -> Markdown {
        Markdown {
            callout_titles,
            ..self
        }
    }
}

impl Markdown {
    /// The second pass: the body as HTML, links rewritten, code highlighted.
    pub fn html(&self, text: &str, cx: &Context<'_>) -> String {
        let (events, _, headings) = parse(text, cx);
        let mut task_labels = task_labels(&events).into_iter();
        let mut out: Vec<Event<'_>> = Vec::with_capacity(events.len());
        let mut code: Option<(String, String)> = None;
        let mut heading_no = 0;
        let mut html_scan = HtmlScan::default();
        for (event, _) in events {
            if let Some((lang, buf)) = code.as_mut() {
                match event {
                    Event::Text(t) => buf.push_str(&t),
                    Event::End(TagEnd::CodeBlock) => {
                        let html = match cx.kpi {
                            Some(embed) if lang.trim() == "kpi" => embed(buf),
                            _ => self.highlighter.block(lang, buf),
                        };
                        out.push(Event::Html(html.into()));
                        code = None;
                    }
                    _ => {}
                }
                continue;
            }
            match event {
                Event::Start(Tag::CodeBlock(kind)) => {
                    let lang = match kind {
                        CodeBlockKind::Fenced(info) => info.to_string(),
                        CodeBlockKind::Indented => String::new(),
                    };
                    code = Some((lang, String::new()));
                }
                Event::Start(Tag::Heading {
                    level,
                    id,
                    classes,
                    attrs,
                }) if !cx.anchor_prefix.is_empty() => {
                    out.push(Event::Start(Tag::Heading {
                        level,
                        id: id.map(|id| format!("{}{id}", cx.anchor_prefix).into()),
                        classes,
                        attrs,
                    }));
                }
                Event::FootnoteReference(label) if !cx.anchor_prefix.is_empty() => {
                    out.push(Event::FootnoteReference(
                        format!("{}{label}", cx.anchor_prefix).into(),
                    ));
                }
                Event::Start(Tag::FootnoteDefinition(label)) if !cx.anchor_prefix.is_empty() => {
                    out.push(Event::Start(Tag::FootnoteDefinition(
                        format!("{}{label}", cx.anchor_prefix).into(),
                    )));
                }
                Event::End(TagEnd::Heading(level)) => {
                    if let Some(h) = headings.get(heading_no) {
                        let mut anchor = String::from("<a class=\"anchor\" href=\"#");
                        anchor.push_str(cx.anchor_prefix);
                        let _ = escape_href(&mut anchor, &h.id);
                        // A mouse shortcut: out of the tab order, as it is hidden
                        // from screen readers.
                        anchor.push_str("\" aria-hidden=\"true\" tabindex=\"-1\">#</a>");
                        out.push(Event::InlineHtml(anchor.into()));
                    }
                    heading_no += 1;
                    out.push(Event::End(TagEnd::Heading(level)));
                }
                Event::Html(html) => out.push(Event::Html(rewrite_html(html, cx, &mut html_scan))),
                Event::InlineHtml(html) => {
                    out.push(Event::InlineHtml(rewrite_html(html, cx, &mut html_scan)))
                }
                mut event @ Event::Start(Tag::Link { .. } | Tag::Image { .. }) => {
                    if let Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) =
                        &mut event
                    {
                        let dest = std::mem::replace(dest_url, CowStr::Borrowed(""));
                        *dest_url = rewrite(dest, cx);
                    }
                    out.push(event);
                }
                other => out.push(other),
            }
        }
        if let Some(start) = cx.timeline {
            out = timeline::apply(out, start);
        }
        let out = foreign::callouts(out, &self.callout_titles);
        // A task's box named by its text, for screen readers.
        let out = out.into_iter().map(|event| match event {
            Event::TaskListMarker(done) => {
                let mut input = String::from("<input disabled=\"\" type=\"checkbox\"");
                if done {
                    input.push_str(" checked=\"\"");
                }
                let label = task_labels.next().unwrap_or_default();
                if !label.is_empty() {
                    input.push_str(" aria-label=\"");
                    let _ = pulldown_cmark_escape::escape_html(&mut input, &label);
                    input.push('"');
                }
                input.push_str("/>\n");
                Event::InlineHtml(input.into())
            }
            other => other,
        });
        let mut html = String::with_capacity(text.len() * 2);
        pulldown_cmark::html::push_html(&mut html, out);
        html
    }
}

/// The text of each task item, in order: what follows its box up to the end of the
/// item's first block (a nested list is not part of it).
fn task_labels(events: &[(Event<'_>, std::ops::Range<usize>)]) -> Vec<String> {
    let mut labels = Vec::new();
    let mut current: Option<String> = None;
    for (event, _) in events {
        match event {
            Event::TaskListMarker(_) => {
                labels.extend(current.take());
                current = Some(String::new());
            }
            Event::Text(t) | Event::Code(t) => {
                if let Some(label) = current.as_mut() {
                    label.push_str(t);
                }
            }
            Event::SoftBreak | Event::HardBreak => {
                if let Some(label) = current.as_mut() {
                    label.push(' ');
                }
            }
            Event::End(TagEnd::Item | TagEnd::Paragraph) | Event::Start(Tag::List(_)) => {
                labels.extend(current.take().map(|l| l.trim().to_string()));
            }
            _ => {}
        }
    }
    labels.extend(current);
    labels
}

/// A relative link to the built URL; external links, `mailto:` and links that leave
/// the content folder are returned untouched.
fn rewrite<'a>(dest: CowStr<'a>, cx: &Context<'_>) -> CowStr<'a> {
    let Some(parsed) = classify(cx, &dest) else {
        return dest;
    };
    let href = match &parsed.target {
        Target::Itself => String::new(),
        Target::Page(path) => match cx.moved.and_then(|moved| moved.get(path)) {
            Some(at) => url::relative(cx.url, at),
            None => url::relative(cx.url, &url::page_url(path)),
        },
        Target::Section(dir) => url::relative(cx.url, &url::section_url(dir)),
        Target::Asset(path) => url::relative(cx.url, &url::asset_url(path)),
        Target::Url(at) => url::relative(cx.url, at),
        Target::Outside => return dest,
    };
    let prefix = match parsed.target {
        Target::Itself => cx.anchor_prefix,
        _ => "",
    };
    match parsed.anchor {
        Some(_) => match dest.split_once('#') {
            Some((_, fragment)) => format!("{href}#{prefix}{fragment}").into(),
            None => href.into(),
        },
        None => href.into(),
    }
}

/// Reads raw HTML piece by piece (an HTML block comes as several), keeping track
/// of comments and scripts, where nothing is a link.
#[derive(Default)]
struct HtmlScan {
    in_comment: bool,
    in_script: bool,
}

impl HtmlScan {
    /// The values of the `src` and `href` attributes in a piece of raw HTML, with
    /// where each stands in it.
    fn urls<'h>(&mut self, html: &'h str) -> Vec<(Range<usize>, &'h str)> {
        let lower = html.to_ascii_lowercase();
        // The parts of the piece that are markup, not a comment or a script.
        let mut open: Vec<Range<usize>> = Vec::new();
        let mut at = 0;
        while at < html.len() {
            let (end_marker, skip) = if self.in_comment {
                ("-->", 3)
            } else if self.in_script {
                ("</script", 8)
            } else {
                let next_comment = lower[at..].find("<!--");
                let next_script = lower[at..].find("<script");
                let next = match (next_comment, next_script) {
                    (Some(c), Some(s)) => Some(c.min(s)),
                    (c, s) => c.or(s),
                };
                let end = next.map_or(html.len(), |n| at + n);
                open.push(at..end);
                if end < html.len() {
                    if lower[end..].starts_with("<!--") {
                        self.in_comment = true;
                        at = end + 4;
                    } else {
                        self.in_script = true;
                        // The opening tag's own attributes count (`<script src>`).
                        let close = lower[end..].find('>').map_or(html.len(), |c| end + c + 1);
                        open.push(end..close);
                        at = close;
                    }
                } else {
                    at = end;
                }
                continue;
            };
            match lower[at..].find(end_marker) {
                Some(found) => {
                    at += found + skip;
                    self.in_comment = false;
                    self.in_script = false;
                }
                None => at = html.len(),
            }
        }
        let mut found = Vec::new();
        for part in open {
            for name in ["src", "href"] {
                let mut from = part.start;
                while let Some(at) = lower[from..part.end].find(name) {
                    let start = from + at;
                    from = start + name.len();
                    // An attribute: after a space, not part of a longer name
                    // (`data-src`), then `=`, maybe with spaces around it.
                    if !html[..start].ends_with([' ', '\t', '\n']) {
                        continue;
                    }
                    let after = &html[from..part.end];
                    let Some(eq) = after.trim_start().strip_prefix('=') else {
                        continue;
                    };
                    let value_at = part.end - eq.trim_start().len();
                    let rest = &html[value_at..part.end];
                    let (value_start, value_end) = match rest.chars().next() {
                        Some(q @ ('"' | '\'')) => match rest[1..].find(q) {
                            Some(end) => (value_at + 1, value_at + 1 + end),
                            None => continue,
                        },
                        Some(_) => {
                            let end = rest
                                .find(|c: char| c.is_whitespace() || c == '>')
                                .unwrap_or(rest.len());
                            (value_at, value_at + end)
                        }
                        None => continue,
                    };
                    found.push((value_start..value_end, &html[value_start..value_end]));
                }
            }
        }
        found.sort_by_key(|(at, _)| at.start);
        found
    }
}

/// Raw HTML with its `src` and `href` values rewritten like Markdown links'.
fn rewrite_html<'a>(html: CowStr<'a>, cx: &Context<'_>, scan: &mut HtmlScan) -> CowStr<'a> {
    let urls = scan.urls(&html);
    if urls.is_empty() {
        return html;
    }
    let mut out = String::with_capacity(html.len());
    let mut last = 0;
    for (at, value) in urls {
        out.push_str(&html[last..at.start]);
        let rewritten = rewrite(CowStr::Borrowed(value), cx);
        out.push_str(&rewritten.replace('"', "%22").replace('\'', "%27"));
        last = at.end;
    }
    out.push_str(&html[last..]);
    out.into()
}

struct Parsed {
    target: Target,
    anchor: Option<String>,
    form: Option<Convention>,
}

/// Decides what a link destination points at. `None` for links that leave the site
/// on purpose: a scheme (`https:`, `mailto:`), or `//host`.
///
/// Besides paths to files, it takes what other generators write: Hugo's `ref`
/// shortcodes, Zola's `@/` paths from the content root, paths from the content root
/// (`/docs/x`), and pages named without `.md` or as URLs ending in `/`.
fn classify(cx: &Context<'_>, dest: &str) -> Option<Parsed> {
    let dest = dest.trim();
    if let Some(reference) = dest.strip_prefix(foreign::REF) {
        return Some(classify_ref(cx, reference));
    }
    let (zola, dest) = match dest.strip_prefix("@/") {
        Some(rest) => (true, rest),
        None => (false, dest),
    };
    if dest.is_empty() && !zola || dest.starts_with("//") || has_scheme(dest) {
        return None;
    }
    let (path, anchor) = split_anchor(dest);
    if path.is_empty() && !zola {
        return Some(Parsed {
            target: Target::Itself,
            anchor,
            form: None,
        });
    }
    let decoded = url::decode_percent(path);
    let root_absolute = !zola && decoded.starts_with('/');
    let form = if zola {
        Some(Convention::ZolaAt)
    } else if root_absolute {
        Some(Convention::LinkRootAbsolute)
    } else {
        None
    };
    let resolved = if zola {
        url::resolve("", &decoded)
    } else {
        url::resolve(cx.rel, &decoded)
    };
    let Some(resolved) = resolved else {
        return Some(Parsed {
            target: Target::Outside,
            anchor,
            form,
        });
    };
    let name = resolved.rsplit('/').next().unwrap_or("");
    let slash = decoded.ends_with('/');
    let target = if crate::source::is_markdown(name) {
        Target::Page(resolved)
    } else if !slash && cx.assets.binary_search(&resolved).is_ok() {
        Target::Asset(resolved)
    } else if let Some(page) = page_named(cx.pages, &resolved) {
        let form = form.or(Some(if slash {
            Convention::LinkTrailingSlash
        } else {
            Convention::LinkWithoutExtension
        }));
        return Some(Parsed {
            target: Target::Page(page),
            anchor,
            form,
        });
    } else if has_pages(cx.pages, &resolved)
        || cx.pages.is_empty() && (slash || !name.contains('.'))
    {
        Target::Section(resolved)
    } else if name.contains('.') && !name.ends_with(".html") && !name.ends_with(".htm") {
        Target::Asset(resolved)
    } else {
        let form = form.or(Some(if slash {
            Convention::LinkTrailingSlash
        } else {
            Convention::LinkWithoutExtension
        }));
        return Some(Parsed {
            target: Target::Url(url::url_of_path(&resolved)),
            anchor,
            form,
        });
    };
    Some(Parsed {
        target,
        anchor,
        form,
    })
}

fn split_anchor(dest: &str) -> (&str, Option<String>) {
    let (path, anchor) = match dest.split_once('#') {
        Some((path, anchor)) => (path, Some(url::decode_percent(anchor))),
        None => (dest, None),
    };
    let path = path.split('?').next().unwrap_or("");
    (path, anchor.filter(|a| !a.is_empty()))
}

/// The Markdown file at `path` written without its extension, if there is one.
fn page_named(pages: &[String], path: &str) -> Option<String> {
    if path.is_empty() {
        return None;
    }
    [".md", ".markdown"]
        .iter()
        .map(|ext| format!("{path}{ext}"))
        .find(|candidate| pages.binary_search(candidate).is_ok())
}

/// Whether the folder `dir` holds Markdown files, at any depth.
fn has_pages(pages: &[String], dir: &str) -> bool {
    if dir.is_empty() {
        return !pages.is_empty();
    }
    let prefix = format!("{dir}/");
    let at = pages.partition_point(|p| p.as_str() < prefix.as_str());
    pages.get(at).is_some_and(|p| p.starts_with(&prefix))
}

/// Hugo's `{{< ref "x" >}}`: a path from this page's folder or from the content
/// root, with or without `.md`, or else a file name found anywhere when only one
/// file has it.
fn classify_ref(cx: &Context<'_>, reference: &str) -> Parsed {
    let (path, anchor) = split_anchor(reference.trim());
    let form = Some(Convention::HugoRef);
    if path.is_empty() {
        return Parsed {
            target: Target::Itself,
            anchor,
            form,
        };
    }
    let decoded = url::decode_percent(path);
    let mut candidates: Vec<String> = Vec::new();
    if !decoded.starts_with('/') {
        candidates.extend(url::resolve(cx.rel, &decoded));
    }
    candidates.extend(url::resolve("", &decoded));
    for candidate in &candidates {
        let candidate = candidate.trim_end_matches('/');
        if cx
            .pages
            .binary_search_by(|p| p.as_str().cmp(candidate))
            .is_ok()
        {
            return Parsed {
                target: Target::Page(candidate.to_string()),
                anchor,
                form,
            };
        }
        if let Some(page) = page_named(cx.pages, candidate) {
            return Parsed {
                target: Target::Page(page),
                anchor,
                form,
            };
        }
        if has_pages(cx.pages, candidate) {
            return Parsed {
                target: Target::Section(candidate.to_string()),
                anchor,
                form,
            };
        }
    }
    let name = decoded
        .trim_end_matches('/')
        .rsplit('/')
        .next()
        .unwrap_or("");
    let wanted = |p: &&String| {
        let file = p.rsplit('/').next().unwrap_or(p);
        file == name || file.strip_suffix(".md") == Some(name)
    };
    let mut found = cx.pages.iter().filter(wanted);
    let target = match (found.next(), found.next(), candidates.into_iter().next()) {
        (Some(only), None, _) => Target::Page(only.clone()),
        (_, _, None) => Target::Outside,
        (_, _, Some(first)) if crate::source::is_markdown(&first) => Target::Page(first),
        (_, _, Some(first)) => Target::Page(format!("{first}.md")),
    };
    Parsed {
        target,
        anchor,
        form,
    }
}

pub fn has_scheme(dest: &str) -> bool {
    match dest.find(':') {
        Some(i) => {
            let scheme = &dest[..i];
            !scheme.is_empty()
                && scheme.starts_with(|c: char| c.is_ascii_alphabetic())
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "+.-".contains(c))
        }
        None => false,
    }
}

/// Gives every heading a unique id (an explicit `{#id}` wins) and records it.
fn assign_heading_ids(events: &mut [(Event<'_>, Range<usize>)], headings: &mut Vec<Heading>) {
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut i = 0;
    while i < events.len() {
        if let Event::Start(Tag::Heading { level, id, .. }) = &events[i].0 {
            let level = *level as u8;
            let end = events[i..]
                .iter()
                .position(|(e, _)| matches!(e, Event::End(TagEnd::Heading(_))))
                .map_or(events.len(), |p| i + p);
            let text = plain_text(&events[i + 1..end]);
            let base = match id {
                Some(id) => id.to_string(),
                None => {
                    let slug = url::slugify(&text);
                    if slug.is_empty() {
                        "section".to_string()
                    } else {
                        slug
                    }
                }
            };
            let unique = match seen.get(&base).copied() {
                None => base.clone(),
                Some(mut n) => loop {
                    n += 1;
                    let candidate = format!("{base}-{n}");
                    if !seen.contains_key(&candidate) {
                        seen.insert(base.clone(), n);
                        break candidate;
                    }
                },
            };
            seen.entry(base).or_insert(0);
            seen.entry(unique.clone()).or_insert(0);
            if let Event::Start(Tag::Heading { id, .. }) = &mut events[i].0 {
                *id = Some(unique.clone().into());
            }
            headings.push(Heading {
                level,
                id: unique,
                text,
            });
            i = end;
        }
        i += 1;
    }
}

fn plain_text(events: &[(Event<'_>, Range<usize>)]) -> String {
    let mut text = String::new();
    for (event, _) in events {
        match event {
            Event::Text(t) | Event::Code(t) => text.push_str(t),
            Event::SoftBreak | Event::HardBreak => text.push(' '),
            _ => {}
        }
    }
    text.trim().to_string()
}

/// A nested list of links to the headings, for pages with three or more.
fn toc(headings: &[Heading]) -> String {
    if headings.len() < 3 {
        return String::new();
    }
    let top = headings.iter().map(|h| h.level).min().unwrap_or(2);
    let mut out = String::from("<ul>");
    let mut depth = 0usize;
    for (i, h) in headings.iter().enumerate() {
        let level = (h.level.saturating_sub(top)) as usize;
        if i > 0 {
            if level > depth {
                for _ in depth..level {
                    out.push_str("<ul>");
                }
            } else {
                out.push_str("</li>");
                for _ in level..depth {
                    out.push_str("</ul></li>");
                }
            }
        } else {
            for _ in 0..level {
                out.push_str("<li><ul>");
            }
        }
        depth = level;
        out.push_str("<li><a href=\"#");
        let _ = escape_href(&mut out, &h.id);
        out.push_str("\">");
        let _ = escape_html(&mut out, &h.text);
        out.push_str("</a>");
    }
    out.push_str("</li>");
    for _ in 0..depth {
        out.push_str("</ul></li>");
    }
    out.push_str("</ul>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const CX: Context<'static> = Context::of_file("runbooks/a.md", "runbooks/a/");

    /// Both passes' results together.
    struct Both {
        html: String,
        toc: String,
        headings: Vec<Heading>,
        links: Vec<LinkRef>,
        h1: Option<String>,
    }

    fn render(text: &str) -> Both {
        let o = outline(text, &CX);
        Both {
            html: Markdown::default().html(text, &CX),
            toc: o.toc,
            headings: o.headings,
            links: o.links,
            h1: o.h1,
        }
    }

    #[test]
    fn first_h1_is_title_not_body() {
        let b = render("# Plan de Soporte\n\nTexto.\n");
        assert_eq!(b.h1.as_deref(), Some("Plan de Soporte"));
        assert!(!b.html.contains("<h1"));
    }

    #[test]
    fn first_h1_stays_when_front_matter_gives_another_title() {
        let text = "# Otro encabezado\n\nTexto.\n";
        let cx = Context {
            title: Some("Título"),
            ..CX
        };
        let o = outline(text, &cx);
        assert_eq!(o.h1, None);
        assert_eq!(o.headings.len(), 1);
        assert!(Markdown::default()
            .html(text, &cx)
            .contains("<h1 id=\"otro-encabezado\">"));
        let same = Context {
            title: Some("Otro encabezado"),
            ..CX
        };
        assert!(!Markdown::default().html(text, &same).contains("<h1"));
    }

    #[test]
    fn an_anchor_prefix_keeps_bodies_apart_on_one_page() {
        let cx = Context {
            anchor_prefix: "v1-2-0-",
            ..CX
        };
        let html = Markdown::default().html(
            "## Notas\n\n[a](#notas) [b](b.md#notas) nota[^1]\n\n[^1]: pie\n",
            &cx,
        );
        assert!(html.contains("href=\"#v1-2-0-1\""), "{html}");
        assert!(html.contains("id=\"v1-2-0-1\""), "{html}");
        assert!(html.contains("<h2 id=\"v1-2-0-notas\">"), "{html}");
        assert!(
            html.contains("href=\"#v1-2-0-notas\" aria-hidden"),
            "{html}"
        );
        assert!(html.contains("<a href=\"#v1-2-0-notas\">a</a>"), "{html}");
        assert!(
            html.contains("<a href=\"../../runbooks/b/#notas\">b</a>"),
            "{html}"
        );
    }

    #[test]
    fn anchors_are_written_as_the_author_wrote_them() {
        let html = render("[x](b.md#100%25) [y](#a%20b)\n").html;
        assert!(html.contains("href=\"../../runbooks/b/#100%25\""), "{html}");
        assert!(html.contains("href=\"#a%20b\""), "{html}");
    }

    #[test]
    fn heading_ids_are_unique_and_explicit_ids_win() {
        let b = render("## Paso 1\n\n## Paso 1\n\n## Otro {#mio}\n");
        let ids: Vec<_> = b.headings.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(ids, ["paso-1", "paso-1-1", "mio"]);
        assert!(b.html.contains("<h2 id=\"paso-1-1\">"), "{}", b.html);
        assert!(b.toc.contains("href=\"#mio\""));
    }

    #[test]
    fn toc_only_from_three_headings() {
        assert!(render("## a\n## b\n").toc.is_empty());
        let toc = render("## a\n### a1\n## b\n").toc;
        assert_eq!(toc.matches("<ul>").count(), 2, "{toc}");
        assert_eq!(toc.matches("<ul>").count(), toc.matches("</ul>").count());
        assert_eq!(toc.matches("<li>").count(), toc.matches("</li>").count());
    }

    #[test]
    fn toc_balanced_when_starting_deep() {
        let toc = render("#### d\n## a\n### b\n## c\n").toc;
        assert_eq!(
            toc.matches("<ul>").count(),
            toc.matches("</ul>").count(),
            "{toc}"
        );
        assert_eq!(
            toc.matches("<li>").count(),
            toc.matches("</li>").count(),
            "{toc}"
        );
    }

    #[test]
    fn internal_links_rewritten_and_recorded() {
        let b = render(
            "x\n\nVer [plan](../soporte/Plan%20Soporte.md#niveles) y [web](https://example.com).\n",
        );
        assert!(
            b.html
                .contains("href=\"../../soporte/plan-soporte/#niveles\""),
            "{}",
            b.html
        );
        assert!(b.html.contains("href=\"https://example.com\""));
        assert_eq!(b.links.len(), 1);
        let l = &b.links[0];
        assert_eq!(l.target, Target::Page("soporte/Plan Soporte.md".into()));
        assert_eq!(l.anchor.as_deref(), Some("niveles"));
        assert_eq!((l.line, l.col), (3, 5));
    }

    #[test]
    fn links_in_raw_html_are_found_and_rewritten() {
        let urls: Vec<&str> = HtmlScan::default()
            .urls(concat!(
                "<img data-src=\"no\" src=\"img/a.png\" alt=x><a href = 'b.md#c' class=x>",
                "<!-- <img src=\"gone.png\"> --><script>x(' src=\"no.png\"')</script>",
            ))
            .into_iter()
            .map(|(_, v)| v)
            .collect();
        assert_eq!(urls, ["img/a.png", "b.md#c"]);
        let cx = Context {
            assets: &["docs/img/a.png".to_string()],
            ..Context::of_file("docs/x.md", "docs/x/")
        };
        let out = rewrite_html(
            "<p><img src=\"img/a.png\"> <a href=b.md>b</a> <a href=\"https://e.com\">e</a></p>"
                .into(),
            &cx,
            &mut HtmlScan::default(),
        );
        assert_eq!(
            &*out,
            "<p><img src=\"../../docs/img/a.png\"> <a href=../../docs/b/>b</a> <a href=\"https://e.com\">e</a></p>"
        );
        let outline = outline(
            "Text <img src=\"img/a.png\">\n\n<!--\n<img src=\"gone.png\">\n-->\n",
            &cx,
        );
        assert_eq!(outline.links.len(), 1, "{:?}", outline.links);
        assert_eq!(
            outline.links[0].target,
            Target::Asset("docs/img/a.png".into())
        );
    }

    #[test]
    fn link_classification() {
        let assets = ["a/LICENSE".to_string()];
        let cx = Context {
            rel: "a/b.md",
            assets: &assets,
            ..CX
        };
        let c = |d: &str| classify(&cx, d).map(|p| p.target);
        assert_eq!(c("LICENSE"), Some(Target::Asset("a/LICENSE".into())));
        assert_eq!(c("docs"), Some(Target::Section("a/docs".into())));
        assert_eq!(c("mailto:x@example.com"), None);
        assert_eq!(c("#x"), Some(Target::Itself));
        assert_eq!(c("../../x.md"), Some(Target::Outside));
        assert_eq!(c("data.csv"), Some(Target::Asset("a/data.csv".into())));
        assert_eq!(c("../runbooks/"), Some(Target::Section("runbooks".into())));
    }

    #[test]
    fn tasks_with_their_headings_and_lines() {
        let text = "Intro\n\n- [ ] suelta\n\n## Criterios de éxito\n\n- [x] API responde `200`\n- [ ] colas\n  en cero\n  - [ ] anidada\n\n### Detalle\n\n- [ ] sub\n\n## Otra\n\n- [ ] fuera\n";
        let cx = Context {
            line_offset: 3,
            ..CX
        };
        let o = outline(text, &cx);
        let got: Vec<(bool, &str, usize, Option<usize>)> = o
            .tasks
            .iter()
            .map(|t| (t.done, t.text.as_str(), t.line, t.heading))
            .collect();
        assert_eq!(
            got,
            [
                (false, "suelta", 6, None),
                (true, "API responde 200", 10, Some(0)),
                (false, "colas en cero", 11, Some(0)),
                (false, "anidada", 13, Some(0)),
                (false, "sub", 17, Some(1)),
                (false, "fuera", 21, Some(2)),
            ]
        );
        assert_eq!(o.heading_lines, [8, 15, 19]);
        let criteria = o
            .section(&["criterios-de-exito", "success-criteria"])
            .unwrap();
        let under: Vec<&str> = o.tasks_under(criteria).map(|t| t.text.as_str()).collect();
        assert_eq!(
            under,
            ["API responde 200", "colas en cero", "anidada", "sub"]
        );
        assert_eq!(o.section(&["rollback"]), None);
        let sources: Vec<&str> = o.tasks.iter().map(|t| t.source.as_str()).collect();
        assert_eq!(
            sources,
            [
                "suelta",
                "API responde `200`",
                "colas en cero",
                "anidada",
                "sub",
                "fuera"
            ]
        );
        assert!(o.under_heading(1, &["criterios-de-exito"]));
        assert!(!o.under_heading(2, &["criterios-de-exito"]));
        assert!(!o.under_heading(0, &["detalle"]));
    }

    #[test]
    fn task_sources_keep_their_markdown_in_loose_lists() {
        let text = "- [ ] ver [panel](../a.md#x) *ya*\n\n  otra línea del ítem\n\n- [x] dos\n";
        let o = outline(text, &CX);
        let sources: Vec<&str> = o.tasks.iter().map(|t| t.source.as_str()).collect();
        assert_eq!(sources, ["ver [panel](../a.md#x) *ya*", "dos"]);
    }

    #[test]
    fn task_lists_tables_footnotes_strikethrough() {
        let b =
            render("- [ ] uno\n- [x] dos\n\n|a|b|\n|-|-|\n|1|2|\n\n~~no~~ nota[^1]\n\n[^1]: pie\n");
        assert_eq!(b.html.matches("type=\"checkbox\"").count(), 2);
        assert!(b.html.contains("<table>"));
        assert!(b.html.contains("<del>no</del>"));
        assert!(b.html.contains("footnote"));
    }
}
