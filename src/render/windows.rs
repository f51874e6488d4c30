//! What maintenance windows add to the portal: the header card of each, its printable
//! form (and a blank one), the calendar of them all, and an iCalendar feed.

use super::incidents::NameLink;
use super::{strings, Renderer, BODY};
use crate::config::Language;
use crate::content::time::{human, Zone};
use crate::content::window::{sections, Impact, MaintenanceWindow, WindowStatus};
use crate::content::{url, Details, Page};
use crate::findings::Finding;
use crate::markdown::Outline;
use crate::site::windows::{self, Entry};
use crate::site::{terms, Site, WINDOWS, WINDOW_CALENDAR, WINDOW_FORM};
use serde::Serialize;

/// How readers call a status and an impact.
pub fn status_label(lang: Language, status: WindowStatus) -> &'static str {
    let (es, en) = match status {
        WindowStatus::Planned => ("Planificada", "Planned"),
        WindowStatus::InProgress => ("En curso", "In progress"),
        WindowStatus::Done => ("Realizada", "Done"),
        WindowStatus::Cancelled => ("Cancelada", "Cancelled"),
        WindowStatus::RolledBack => ("Revertida", "Rolled back"),
    };
    if lang == Language::Es {
        es
    } else {
        en
    }
}

pub fn impact_label(lang: Language, impact: Impact) -> &'static str {
    let (es, en) = match impact {
        Impact::None => ("Sin impacto", "No impact"),
        Impact::Degraded => ("Servicio degradado", "Degraded service"),
        Impact::Outage => ("Corte de servicio", "Outage"),
    };
    if lang == Language::Es {
        es
    } else {
        en
    }
}

/// Checklist progress of a section: ticked, and in all.
#[derive(Serialize, Default)]
struct Progress {
    done: usize,
    total: usize,
}

fn progress(outline: &Outline, names: &[&str]) -> Progress {
    outline
        .section(names)
        .map(|i| {
            let tasks: Vec<_> = outline.tasks_under(i).collect();
            Progress {
                done: tasks.iter().filter(|t| t.done).count(),
                total: tasks.len(),
            }
        })
        .unwrap_or_default()
}

/// One window as its card, its form and the calendar show it.
#[derive(Serialize)]
pub(super) struct WindowView {
    title: String,
    href: String,
    form_href: String,
    date: Option<String>,
    month: Option<String>,
    start: Option<String>,
    end: Option<String>,
    duration: Option<String>,
    timezone: String,
    announced: Option<String>,
    notice: Option<String>,
    notice_short: bool,
    status: String,
    status_label: String,
    impact: Option<String>,
    impact_label: Option<String>,
    responsible: Option<String>,
    approver: Option<String>,
    ticket: Option<String>,
    services: Vec<NameLink>,
    release: Option<NameLink>,
    upcoming: bool,
    success: Progress,
    smoke: Progress,
}

/// The zone a window's times are shown in: the site's name for it, and the offset.
fn zone_label(zone: &Zone, offset: Option<chrono::FixedOffset>) -> String {
    let offset = offset.map(|o| {
        let secs = o.local_minus_utc();
        if secs == 0 {
            "UTC".to_string()
        } else {
            let sign = if secs < 0 { '−' } else { '+' };
            let m = secs.abs() / 60;
            format!("UTC{sign}{:02}:{:02}", m / 60, m % 60)
        }
    });
    match (zone, offset) {
        (Zone::Named(tz), Some(o)) => format!("{} ({o})", tz.name()),
        (_, Some(o)) => o,
        (Zone::Named(tz), None) => tz.name().to_string(),
        (Zone::Fixed(_), None) => "UTC".to_string(),
    }
}

impl Renderer {
    pub(super) fn window(
        &self,
        site: &Site,
        page: &Page,
        w: &MaintenanceWindow,
        at: &str,
    ) -> WindowView {
        let d = &w.derived;
        let local = |t: Option<crate::content::time::Timestamp>| {
            t.map(|t| t.0.format("%Y-%m-%d %H:%M").to_string())
        };
        let status = d.status.unwrap_or(WindowStatus::Planned);
        let min_notice = site.config.windows.min_notice.num_minutes();
        WindowView {
            title: page.title.clone(),
            href: url::relative(at, &page.url),
            form_href: url::relative(at, &format!("{}form/", page.url)),
            date: page.date().map(|d| d.format("%Y-%m-%d").to_string()),
            month: w.start.map(|s| s.0.format("%Y-%m").to_string()),
            start: local(w.start),
            end: local(w.end),
            duration: d
                .duration
                .filter(|m| *m > 0)
                .map(|m| human(chrono::TimeDelta::minutes(m))),
            timezone: zone_label(&site.config.timezone, w.start.map(|s| *s.0.offset())),
            announced: local(w.announced),
            notice: d.notice.map(|m| human(chrono::TimeDelta::minutes(m))),
            notice_short: status != WindowStatus::Cancelled
                && d.notice.is_none_or(|n| n < min_notice),
            status: status.key().to_string(),
            status_label: status_label(self.lang, status).to_string(),
            impact: d.impact.map(|i| i.key().to_string()),
            impact_label: d.impact.map(|i| impact_label(self.lang, i).to_string()),
            responsible: w.responsible.clone(),
            approver: w.approver.clone(),
            ticket: w.ticket.clone(),
            services: page
                .meta
                .services
                .iter()
                .map(|name| {
                    NameLink::new(
                        name,
                        terms::find(&site.services, name).map(|t| url::relative(at, &t.url)),
                    )
                })
                .collect(),
            release: w.release.as_ref().map(|version| {
                NameLink::new(
                    version,
                    site.release(version).map(|r| url::relative(at, &r.url)),
                )
            }),
            upcoming: d.upcoming,
            success: progress(&page.outline, sections::SUCCESS),
            smoke: progress(&page.outline, sections::SMOKE),
        }
    }

    /// A window's printable form, or the blank one (`None`). `body` is the window
    /// page's body as its page has it, so that it is rendered once for both: the form
    /// is one folder down, and `<base href="../">` makes its links the page's.
    pub fn window_form(
        &self,
        site: &Site,
        window: Option<(usize, Option<&str>)>,
    ) -> Result<String, Finding> {
        let t = &self.t;
        let mut rendered = None;
        let (at, view, body, title) = match window.map(|(i, body)| (&site.pages[i], body)) {
            Some((page, body)) => {
                let Details::Window(w) = &page.details else {
                    return self.window_form(site, None);
                };
                let body = match body {
                    Some(body) => body,
                    None => rendered.insert(
                        self.markdown()
                            .html(page.body(), &site.markdown_context(page)),
                    ),
                };
                let view = self.window(site, page, w, &page.url);
                (page.url.clone(), Some(view), Some(body), page.title.clone())
            }
            None => (
                WINDOW_FORM.to_string(),
                None,
                None,
                t["window_form"].to_string(),
            ),
        };
        let mut cx = self.base_context(site, &at);
        cx.insert("window", &view);
        cx.insert("body", &body.map(|_| BODY));
        cx.insert("base_href", &window.map(|_| "../"));
        cx.insert("form_title", &title);
        cx.insert("footer_title", &css_string(&title));
        cx.insert("page_label", &css_string(&t["page_of"]));
        cx.insert("of_label", &css_string(&t["of"]));
        let html = self.render("window-form.html", &cx, &format!("{at}form/"))?;
        Ok(match body {
            Some(body) => html.replacen(BODY, body, 1),
            None => html,
        })
    }

    /// `windows/`: upcoming windows first (soonest first), then past ones by month,
    /// newest first.
    pub fn window_calendar(&self, site: &Site) -> Result<String, Finding> {
        let at = WINDOWS;
        let mut cx = self.base_context(site, at);
        let all = windows::all(site);
        let views: Vec<(bool, WindowView)> = all
            .iter()
            .map(|e: &Entry<'_>| {
                (
                    e.window.derived.upcoming,
                    self.window(site, e.page, e.window, at),
                )
            })
            .collect();
        let upcoming: Vec<&WindowView> = views.iter().filter(|(u, _)| *u).map(|(_, v)| v).collect();
        let mut months: Vec<(String, Vec<&WindowView>)> = Vec::new();
        for (_, view) in views.iter().filter(|(u, _)| !*u).rev() {
            let month = view.month.clone().unwrap_or_else(|| "–".to_string());
            match months.last_mut() {
                Some((m, list)) if *m == month => list.push(view),
                _ => months.push((month, vec![view])),
            }
        }
        let past: Vec<serde_json::Value> = months
            .into_iter()
            .map(|(month, list)| serde_json::json!({"month": month, "windows": list}))
            .collect();
        cx.insert("title", &strings::section_title(self.lang, "windows"));
        cx.insert("upcoming", &upcoming);
        cx.insert("past", &past);
        cx.insert("calendar_href", &url::relative(at, WINDOW_CALENDAR));
        cx.insert("blank_form_href", &url::relative(at, WINDOW_FORM));
        self.intro(site, crate::site::WINDOWS, &mut cx);
        self.render("windows.html", &cx, "content/windows")
    }

    /// The iCalendar feed: one event per window with a start and an end, its UID
    /// from its URL so that calendars update it rather than add another.
    pub fn window_ics(&self, site: &Site) -> String {
        use icalendar::{Calendar, Component, Event, EventLike, EventStatus};
        let base = site.config.base_url.trim_end_matches('/');
        let host = base
            .split("//")
            .nth(1)
            .and_then(|rest| rest.split('/').next())
            .filter(|h| !h.is_empty())
            .unwrap_or("bitacora");
        let mut calendar = Calendar::new();
        calendar.name(&format!(
            "{} · {}",
            strings::section_title(self.lang, "windows"),
            site.config.title
        ));
        for e in windows::all(site) {
            let (Some(start), Some(end)) = (e.window.start, e.window.end) else {
                continue;
            };
            let utc = |t: crate::content::time::Timestamp| t.0.with_timezone(&chrono::Utc);
            let link = if base.is_empty() {
                e.page.url.clone()
            } else {
                format!("{base}/{}", e.page.url)
            };
            let view = self.window(site, e.page, e.window, &e.page.url);
            let mut description = format!("{}: {}", self.t["status"], view.status_label);
            if let Some(impact) = &view.impact_label {
                description.push_str(&format!("\n{}: {impact}", self.t["impact"]));
            }
            if let Some(r) = &e.window.responsible {
                description.push_str(&format!("\n{}: {r}", self.t["responsible"]));
            }
            if let Some(text) = &e.page.meta.description {
                description.push_str(&format!("\n\n{text}"));
            }
            description.push_str(&format!("\n\n{link}"));
            let mut event = Event::new();
            event
                .uid(&format!("{}@{host}", e.page.url.trim_end_matches('/')))
                .summary(&e.page.title)
                .description(&description)
                .starts(utc(start))
                .ends(utc(end))
                .timestamp(utc(e.window.announced.unwrap_or(start)))
                .url(&link);
            if !e.page.meta.services.is_empty() {
                event.add_property("CATEGORIES", e.page.meta.services.join(","));
            }
            match e.window.derived.status {
                Some(WindowStatus::Cancelled) => {
                    event.status(EventStatus::Cancelled);
                }
                Some(WindowStatus::Planned) | None => {
                    event.status(EventStatus::Tentative);
                }
                _ => {
                    event.status(EventStatus::Confirmed);
                }
            }
            calendar.push(event.done());
        }
        calendar.done().to_string()
    }
}

/// Text as a CSS string, safe inside `<style>`: quotes, backslashes, line breaks and
/// `<` escaped.
pub(super) fn css_string(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' | '\\' | '<' | '>' | '&' => out.push_str(&format!("\\{:x} ", c as u32)),
            c if c.is_control() => out.push_str(&format!("\\{:x} ", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn css_strings_cannot_leave_the_style() {
        assert_eq!(
            css_string("a \"b\" </style>"),
            "\"a \\22 b\\22  \\3c /style\\3e \""
        );
        assert_eq!(css_string("línea\nnueva"), "\"línea\\a nueva\"");
    }

    #[test]
    fn zone_labels() {
        let minus3 = chrono::FixedOffset::west_opt(3 * 3600);
        assert_eq!(zone_label(&Zone::default(), minus3), "UTC−03:00");
        let santiago = Zone::parse("America/Santiago").unwrap();
        assert_eq!(
            zone_label(&santiago, minus3),
            "America/Santiago (UTC−03:00)"
        );
        assert_eq!(
            zone_label(&Zone::default(), chrono::FixedOffset::east_opt(0)),
            "UTC"
        );
    }
}
