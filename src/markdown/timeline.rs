//! Incident timelines: the list under a `## Timeline` (or `## Cronología`) heading
//! whose items start with a time becomes a vertical timeline, each entry with the
//! time elapsed since the incident started.
//!
//! An item starts with `14:02`, `14:02:30` or `2025-11-03 14:02`, then a separator
//! (`—`, `–`, `-`, `:`) or a space. A time without a date takes the date of the entry
//! before it, and the next day when it goes back in time (an incident crossing
//! midnight); the first one takes the day that puts it nearest the start.

use crate::content::time::human;
use chrono::{DateTime, Days, FixedOffset, NaiveDate, NaiveTime, TimeDelta};
use pulldown_cmark::{CowStr, Event, HeadingLevel, Tag, TagEnd};
use std::fmt::Write as _;

/// Headings that open a timeline section, compared without accents or case.
const HEADINGS: &[&str] = &[
    "timeline",
    "cronologia",
    "linea de tiempo",
    "linea temporal",
];

/// The time an entry starts with, as written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stamp {
    pub date: Option<NaiveDate>,
    pub time: NaiveTime,
    /// Bytes of the text taken by the time and its separator.
    pub len: usize,
}

/// Reads the time at the start of an entry's text.
pub fn stamp(text: &str) -> Option<Stamp> {
    let mut rest = text.trim_start();
    let mut date = None;
    if let Some(day) = rest
        .get(..10)
        .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
    {
        let after = &rest[10..];
        let trimmed = after.trim_start_matches([' ', 'T']);
        if trimmed.len() == after.len() {
            return None;
        }
        date = Some(day);
        rest = trimmed;
    }
    let digits = |s: &str| s.bytes().take_while(u8::is_ascii_digit).count();
    let h = digits(rest);
    if !(1..=2).contains(&h) || rest.as_bytes().get(h) != Some(&b':') {
        return None;
    }
    let m = digits(&rest[h + 1..]);
    if m != 2 {
        return None;
    }
    let mut end = h + 3;
    if rest.as_bytes().get(end) == Some(&b':') && digits(&rest[end + 1..]) == 2 {
        end += 3;
    }
    let written = &rest[..end];
    let time = NaiveTime::parse_from_str(written, "%H:%M:%S")
        .or_else(|_| NaiveTime::parse_from_str(written, "%H:%M"))
        .ok()?;
    let after = &rest[end..];
    // The time must stand alone: "14:02 …" or "14:02 — …", not "14:02h" or "14:020".
    if after.starts_with(|c: char| c.is_alphanumeric()) {
        return None;
    }
    let sep = after.trim_start();
    let sep = sep
        .strip_prefix(['—', '–', '-', ':', '·', '|'])
        .map_or(sep, str::trim_start);
    Some(Stamp {
        date,
        time,
        len: text.len() - sep.len(),
    })
}

/// Places each stamp in time, in order (see the module's rules). `start` is the
/// incident's start; without one, the first dated entry, else today's date of none.
pub fn place(stamps: &[Stamp], start: Option<DateTime<FixedOffset>>) -> Vec<DateTime<FixedOffset>> {
    let offset = start.map_or(FixedOffset::east_opt(0).expect("zero offset"), |s| {
        *s.offset()
    });
    let at = |day: NaiveDate, time: NaiveTime| -> Option<DateTime<FixedOffset>> {
        day.and_time(time).and_local_timezone(offset).single()
    };
    let mut out: Vec<DateTime<FixedOffset>> = Vec::with_capacity(stamps.len());
    for stamp in stamps {
        let placed = match (stamp.date, out.last()) {
            (Some(day), _) => at(day, stamp.time),
            (None, Some(prev)) => {
                // Going back in time more than a few hours is the next day; a few
                // minutes back is an entry noted out of order.
                let same = at(prev.date_naive(), stamp.time);
                match same {
                    Some(t) if *prev - t > TimeDelta::hours(6) => prev
                        .date_naive()
                        .checked_add_days(Days::new(1))
                        .and_then(|d| at(d, stamp.time)),
                    other => other,
                }
            }
            (None, None) => {
                let reference = start.or_else(|| {
                    stamps
                        .iter()
                        .find_map(|s| s.date.and_then(|d| at(d, s.time)))
                });
                match reference {
                    Some(r) => [-1i64, 0, 1]
                        .into_iter()
                        .filter_map(|shift| {
                            let day = r.date_naive().checked_add_signed(TimeDelta::days(shift))?;
                            at(day, stamp.time)
                        })
                        .min_by_key(|t| (*t - r).num_seconds().abs()),
                    None => None,
                }
            }
        };
        match placed.or_else(|| out.last().copied()) {
            Some(t) => out.push(t),
            None => return Vec::new(),
        }
    }
    out
}

/// `+47 min`, `-7 min`, `+26 h`, `+3 d 2 h`.
pub fn elapsed(span: TimeDelta) -> String {
    let text = human(span);
    if text.starts_with('-') {
        text.replacen('-', "−", 1)
    } else {
        format!("+{text}")
    }
}

/// Rewrites the first list under each timeline heading, when its items start with
/// times; any other list, and a timeline whose items have no times, stays as it is.
pub fn apply<'a>(events: Vec<Event<'a>>, start: Option<DateTime<FixedOffset>>) -> Vec<Event<'a>> {
    let mut out = Vec::with_capacity(events.len());
    let mut iter = events.into_iter().peekable();
    // Inside a timeline section, before its first list.
    let mut armed = false;
    let mut heading: Option<(HeadingLevel, String)> = None;
    while let Some(event) = iter.next() {
        match &event {
            Event::Start(Tag::Heading { level, .. }) => {
                if *level <= HeadingLevel::H2 {
                    armed = false;
                }
                heading = Some((*level, String::new()));
            }
            Event::Text(t) | Event::Code(t) => {
                if let Some((_, text)) = heading.as_mut() {
                    text.push_str(t);
                }
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some((level, text)) = heading.take() {
                    let name = crate::content::url::slugify(&text).replace('-', " ");
                    if level <= HeadingLevel::H3 && HEADINGS.contains(&name.as_str()) {
                        armed = true;
                    }
                }
            }
            Event::Start(Tag::List(None)) if armed => {
                armed = false;
                let mut list = vec![event];
                let mut depth = 1;
                for e in iter.by_ref() {
                    match &e {
                        Event::Start(Tag::List(_)) => depth += 1,
                        Event::End(TagEnd::List(_)) => depth -= 1,
                        _ => {}
                    }
                    list.push(e);
                    if depth == 0 {
                        break;
                    }
                }
                out.extend(timeline(list, start));
                continue;
            }
            _ => {}
        }
        out.push(event);
    }
    out
}

/// A whole list (from its start to its end event) as a timeline, or as it was.
fn timeline<'a>(list: Vec<Event<'a>>, start: Option<DateTime<FixedOffset>>) -> Vec<Event<'a>> {
    // The top-level items, as ranges of `list`.
    let mut items: Vec<(usize, usize)> = Vec::new();
    let mut depth = 0;
    let mut open = 0;
    for (i, e) in list.iter().enumerate() {
        match e {
            Event::Start(Tag::Item) => {
                if depth == 1 {
                    open = i;
                }
                depth += 1;
            }
            Event::End(TagEnd::Item) => {
                depth -= 1;
                if depth == 1 {
                    items.push((open, i));
                }
            }
            Event::Start(Tag::List(_)) => depth += 1,
            Event::End(TagEnd::List(_)) => depth -= 1,
            _ => {}
        }
    }
    // Each item's first text, and the time it starts with.
    let firsts: Vec<Option<(usize, Stamp)>> = items
        .iter()
        .map(|&(from, to)| {
            let i = (from + 1..to).find(|&i| {
                !matches!(
                    list[i],
                    Event::Start(Tag::Paragraph) | Event::TaskListMarker(_)
                )
            })?;
            match &list[i] {
                Event::Text(t) => stamp(t).map(|s| (i, s)),
                _ => None,
            }
        })
        .collect();
    let stamps: Vec<Stamp> = firsts.iter().flatten().map(|(_, s)| *s).collect();
    if stamps.is_empty() {
        return list;
    }
    let times = place(&stamps, start);
    if times.len() != stamps.len() {
        return list;
    }
    let reference = start.unwrap_or(times[0]);
    let mut placed = times.into_iter();
    let mut out: Vec<Event<'a>> = Vec::with_capacity(list.len() + items.len() * 2);
    out.push(Event::Html("<ol class=\"timeline\">\n".into()));
    let mut list: Vec<Option<Event<'a>>> = list.into_iter().map(Some).collect();
    for (&(from, to), first) in items.iter().zip(&firsts) {
        let mut head = String::new();
        match first {
            Some((text_at, stamp)) => {
                let at = placed.next().expect("one time per stamp");
                let written = match &list[*text_at] {
                    Some(Event::Text(t)) => t[..stamp.len]
                        .trim()
                        .trim_end_matches(['—', '–', '-', ':', '·', '|'])
                        .trim()
                        .to_string(),
                    _ => String::new(),
                };
                let _ = write!(
                    head,
                    "<li class=\"tl-entry\"><div class=\"tl-when\"><time datetime=\"{}\" title=\"{}\">{}</time><span class=\"tl-elapsed\">{}</span></div><div class=\"tl-what\">",
                    at.to_rfc3339(),
                    at.format("%Y-%m-%d %H:%M %:z"),
                    written,
                    elapsed(at - reference),
                );
                if let Some(Some(Event::Text(t))) = list.get_mut(*text_at) {
                    let rest = t[stamp.len..].to_string();
                    *t = CowStr::from(rest);
                }
            }
            None => head.push_str("<li class=\"tl-note\"><div class=\"tl-what\">"),
        }
        out.push(Event::Html(head.into()));
        // The item's content without its own start and end.
        out.extend(list[from + 1..to].iter_mut().filter_map(Option::take));
        out.push(Event::Html("</div></li>\n".into()));
    }
    out.push(Event::Html("</ol>\n".into()));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> DateTime<FixedOffset> {
        DateTime::parse_from_rfc3339(s).unwrap()
    }

    #[test]
    fn stamps_as_written() {
        let s = stamp("14:02 — alert fired").unwrap();
        assert_eq!(s.time, NaiveTime::from_hms_opt(14, 2, 0).unwrap());
        assert_eq!(&"14:02 — alert fired"[s.len..], "alert fired");
        let s = stamp("2025-11-03 14:02 restart").unwrap();
        assert_eq!(s.date, NaiveDate::from_ymd_opt(2025, 11, 3));
        assert_eq!(&"2025-11-03 14:02 restart"[s.len..], "restart");
        assert_eq!(
            stamp("9:05: paged").map(|s| s.time.to_string()),
            Some("09:05:00".into())
        );
        assert_eq!(
            stamp("14:02:30 - x").map(|s| s.time.to_string()),
            Some("14:02:30".into())
        );
        assert_eq!(stamp("Se reinicia a las 14:02"), None);
        assert_eq!(stamp("24:10 x"), None);
        assert_eq!(stamp("14:020 x"), None);
        assert_eq!(stamp("14:02h x"), None);
        assert_eq!(stamp("2025-11-03 sin hora"), None);
    }

    fn stamps(texts: &[&str]) -> Vec<Stamp> {
        texts.iter().map(|s| stamp(s).unwrap()).collect()
    }

    #[test]
    fn crossing_midnight() {
        let start = t("2025-08-21T23:40:00-03:00");
        let times = place(
            &stamps(&["23:35 a", "23:50 b", "00:10 c", "01:45 d"]),
            Some(start),
        );
        let shown: Vec<String> = times.iter().map(|t| t.to_rfc3339()).collect();
        assert_eq!(
            shown,
            [
                "2025-08-21T23:35:00-03:00",
                "2025-08-21T23:50:00-03:00",
                "2025-08-22T00:10:00-03:00",
                "2025-08-22T01:45:00-03:00"
            ]
        );
        assert_eq!(elapsed(times[0] - start), "−5 min");
        assert_eq!(elapsed(times[3] - start), "+2 h 5 min");
    }

    #[test]
    fn an_entry_a_little_out_of_order_stays_on_its_day() {
        let start = t("2025-08-21T14:00:00-03:00");
        let times = place(&stamps(&["14:05 a", "14:02 b", "02:00 c"]), Some(start));
        assert_eq!(times[1].to_rfc3339(), "2025-08-21T14:02:00-03:00");
        assert_eq!(times[2].to_rfc3339(), "2025-08-22T02:00:00-03:00");
    }

    #[test]
    fn first_entry_after_midnight_of_a_late_start() {
        let start = t("2025-08-21T23:50:00-03:00");
        let times = place(&stamps(&["00:05 a"]), Some(start));
        assert_eq!(times[0].to_rfc3339(), "2025-08-22T00:05:00-03:00");
    }

    #[test]
    fn full_dates_and_times_after_them() {
        let start = t("2025-08-12T09:30:00-03:00");
        let times = place(
            &stamps(&[
                "2025-08-12 09:30 a",
                "18:00 b",
                "2025-08-13 10:15 c",
                "11:00 d",
            ]),
            Some(start),
        );
        assert_eq!(times[1].to_rfc3339(), "2025-08-12T18:00:00-03:00");
        assert_eq!(times[3].to_rfc3339(), "2025-08-13T11:00:00-03:00");
        assert_eq!(elapsed(times[3] - start), "+25 h 30 min");
    }

    #[test]
    fn no_start_uses_the_first_dated_entry() {
        let times = place(&stamps(&["23:00 a", "2025-01-02 01:00 b"]), None);
        assert_eq!(times[0].to_rfc3339(), "2025-01-01T23:00:00+00:00");
    }

    fn render(md: &str, start: Option<&str>) -> String {
        let events: Vec<Event<'_>> = pulldown_cmark::Parser::new(md).collect();
        let events = apply(events, start.map(t));
        let mut html = String::new();
        pulldown_cmark::html::push_html(&mut html, events.into_iter());
        html
    }

    #[test]
    fn timeline_section_becomes_a_timeline() {
        let html = render(
            "## Cronología\n\nHoras en UTC−3.\n\n- 14:05 — **empieza**\n- nota sin hora\n- 14:52 — se detecta\n\n## Otra\n\n- 15:00 — no es cronología\n",
            Some("2025-09-18T14:05:00-03:00"),
        );
        assert!(html.contains("<ol class=\"timeline\">"), "{html}");
        assert!(html.contains("<time datetime=\"2025-09-18T14:52:00-03:00\" title=\"2025-09-18 14:52 -03:00\">14:52</time><span class=\"tl-elapsed\">+47 min</span>"), "{html}");
        assert!(
            html.contains("<div class=\"tl-what\"><strong>empieza</strong>"),
            "{html}"
        );
        assert!(
            html.contains("<li class=\"tl-note\"><div class=\"tl-what\">nota sin hora"),
            "{html}"
        );
        assert_eq!(html.matches("<ol class=\"timeline\">").count(), 1);
        assert!(html.contains("<li>15:00 — no es cronología</li>"), "{html}");
    }

    #[test]
    fn a_list_without_times_is_left_alone() {
        let html = render("## Timeline\n\n- first\n- second\n", None);
        assert!(!html.contains("timeline"), "{html}");
        assert!(html.contains("<li>first</li>"));
    }
}
