//! What a release page gathers: the windows and incidents that name it, their open
//! actions, the deployment checklist, the configured KPIs around its date with the
//! change from before to after, and the releases before and after it.

use super::incidents::{severity_name, FeedUrls, IncidentView, NameLink};
use super::kpis::{number, target_text, with_unit, KpiView};
use super::windows::WindowView;
use super::{strings, Renderer};
use crate::config::Language;
use crate::content::release::{ReleaseStatus, AFTER};
use crate::content::time::human;
use crate::content::url;
use crate::content::{Details, Page};
use crate::findings::Finding;
use crate::kpi::block::Block;
use crate::kpi::series::Series;
use crate::kpi::status::State as KpiState;
use crate::site::releases::{self, Check, Reason, State};
use crate::site::{Site, CHANGELOG, RELEASES, RELEASE_FEED};
use chrono::{NaiveDate, TimeDelta};
use rayon::prelude::*;
use serde::Serialize;

/// A KPI before and after a release: the mean of each side's values.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Change {
    pub label: String,
    pub before: Option<f64>,
    pub after: Option<f64>,
    /// Relative change, when both exist and `before` is not zero.
    pub percent: Option<f64>,
    pub text: String,
    pub better: Option<bool>,
}

/// The mean of a series' main values from `days` before `date` (excluded) and up to
/// `days` after it (the day itself counts as after).
pub fn before_after(series: &Series, date: NaiveDate, days: i64) -> (Option<f64>, Option<f64>) {
    let mean = |from: NaiveDate, to: NaiveDate| {
        let values: Vec<f64> = series
            .times
            .iter()
            .zip(series.main())
            .filter(|(t, _)| {
                let d = t.at.date();
                d >= from && d < to
            })
            .filter_map(|(_, v)| *v)
            .collect();
        (!values.is_empty()).then(|| values.iter().sum::<f64>() / values.len() as f64)
    };
    (
        mean(date - TimeDelta::days(days), date),
        mean(date, date + TimeDelta::days(days + 1)),
    )
}

#[derive(Serialize)]
struct ActionView {
    what: String,
    owner: Option<String>,
    due: Option<String>,
    overdue: bool,
    postmortem: NameLink,
}

/// One readiness check as the release page and its print bundle show it.
#[derive(Serialize)]
struct CheckView {
    key: &'static str,
    /// ready, not-ready or unknown.
    state: &'static str,
    state_label: String,
    label: String,
    /// Where the label leads: a series' page.
    href: Option<String>,
    reason: String,
    /// What the reason names: the window, the open incidents.
    links: Vec<NameLink>,
    /// Checklist items still to tick.
    items: Vec<String>,
}

#[derive(Serialize)]
pub(super) struct ReadinessView {
    ready: bool,
    checks: Vec<CheckView>,
}

/// A group of checklist items under the heading they are written under.
#[derive(Serialize)]
struct ChecklistGroup {
    heading: Option<String>,
    after: bool,
    items: Vec<ChecklistItem>,
}

#[derive(Serialize)]
struct ChecklistItem {
    done: bool,
    text: String,
}

#[derive(Serialize)]
pub(super) struct ReleaseView {
    version: String,
    status: &'static str,
    status_label: &'static str,
    readiness: Option<ReadinessView>,
    print_href: String,
    windows: Vec<WindowView>,
    incidents: Vec<IncidentView>,
    actions: Vec<ActionView>,
    kpis: Vec<KpiView>,
    changes: Vec<Change>,
    /// A planned release's charts show the days up to its date or the last data.
    planned: bool,
    previous: Option<NameLink>,
    next: Option<NameLink>,
    /// The site's default checklist, when the notes have none: its items, and the
    /// runbook it comes from.
    checklist: Vec<String>,
    checklist_from: Option<NameLink>,
}

/// How readers call a release's status.
pub fn status_label(lang: Language, status: ReleaseStatus) -> &'static str {
    let (es, en) = match status {
        ReleaseStatus::Planned => ("Planificada", "Planned"),
        ReleaseStatus::Deployed => ("Desplegada", "Deployed"),
        ReleaseStatus::RolledBack => ("Revertida", "Rolled back"),
    };
    pick(lang, es, en)
}

fn pick(lang: Language, es: &'static str, en: &'static str) -> &'static str {
    match lang {
        Language::Es => es,
        Language::En => en,
    }
}

/// `1 incidente`, `2 incidentes`: a number and the word for it.
fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// A page's version, `v` dropped (`2.3.0`), or its title when it has none.
fn version_of(page: &Page) -> String {
    match &page.details {
        Details::Release(r) => match (&r.derived.semver, &r.version) {
            (Some(v), _) => v.to_string(),
            (None, Some(written)) => written.clone(),
            (None, None) => page.title.clone(),
        },
        _ => page.title.clone(),
    }
}

/// One row of the release index.
#[derive(Serialize)]
struct IndexRow {
    version: String,
    title: String,
    href: String,
    date: Option<String>,
    status: &'static str,
    status_label: &'static str,
    windows: Vec<NameLink>,
    incidents: usize,
    open_incidents: usize,
    worst: Option<String>,
    worst_rank: usize,
    ready: Option<bool>,
}

/// One release in the changelog.
#[derive(Serialize)]
struct ChangelogEntry {
    version: String,
    title: String,
    href: String,
    anchor: String,
    date: Option<String>,
    status: &'static str,
    status_label: &'static str,
    description: Option<String>,
    /// The notes, for the latest `CHANGELOG_NOTES` releases; older ones are listed.
    html: Option<String>,
}

/// How many of the latest releases the changelog gives with their notes: all of
/// them on a site with years of releases would make one page of many megabytes.
const CHANGELOG_NOTES: usize = 50;

/// What the print bundle's head shows of a release: no charts, which only its page
/// draws.
#[derive(Serialize)]
struct PrintHead {
    version: String,
    status_label: &'static str,
    readiness: Option<ReadinessView>,
    windows: Vec<String>,
}

/// A window's sheet in a release's print bundle.
#[derive(Serialize)]
struct Sheet {
    title: String,
    view: WindowView,
    body: String,
}

impl Renderer {
    pub(super) fn release_view(&self, site: &Site, index: usize) -> ReleaseView {
        let page = &site.pages[index];
        let at = page.url.as_str();
        let lang = self.lang;
        let (window_pages, postmortem_pages) = site.gathered(index);
        let windows = window_pages
            .iter()
            .filter_map(|&i| match &site.pages[i].details {
                Details::Window(w) => Some(self.window(site, &site.pages[i], w, at)),
                _ => None,
            })
            .collect();
        let mut incidents = Vec::new();
        let mut actions = Vec::new();
        for &i in postmortem_pages {
            let p_page = &site.pages[i];
            let Details::Postmortem(p) = &p_page.details else {
                continue;
            };
            incidents.push(self.incident(site, p_page, p, at));
            for a in p.actions.iter().filter(|a| !a.done) {
                actions.push(ActionView {
                    what: a.what.clone(),
                    owner: a.owner.clone(),
                    due: a.due.map(|d| d.to_string()),
                    overdue: a.due.is_some_and(|d| d.0 < site.today),
                    postmortem: NameLink::new(&p_page.title, Some(url::relative(at, &p_page.url))),
                });
            }
        }
        let status = site.release_status(index);
        let planned = status == ReleaseStatus::Planned;
        let days = site.config.releases.days;
        let date = page.date();
        let label = version_of(page);
        let mut kpis = Vec::new();
        let mut changes = Vec::new();
        for key in &site.config.releases.kpis {
            let Some(series) = site.kpi(key) else {
                continue;
            };
            let Some(date) = date else { continue };
            // Before a release goes out there is no after: its charts show the days
            // up to it, or up to the last data when it is planned past them.
            let (from, to) = releases::chart_range(series, date, days, planned);
            let block = Block {
                series: key.clone(),
                from: Some(crate::content::time::Date(from)),
                to: Some(crate::content::time::Date(to)),
                height: Some(220),
                ..Block::default()
            };
            let mark = (date <= to).then(|| (date, label.clone()));
            kpis.push(self.kpi_view_marked(series, &block, at, false, mark));
            if !planned {
                changes.push(change(lang, series, date, days));
            }
        }
        let order = site.releases_in_order();
        let position = order.iter().position(|&i| i == index);
        let link = |i: usize| {
            let p = &site.pages[i];
            NameLink::new(&version_of(p), Some(url::relative(at, &p.url)))
        };
        let previous = position
            .and_then(|p| p.checked_sub(1))
            .map(|p| link(order[p]));
        let next = position.and_then(|p| order.get(p + 1)).map(|&i| link(i));
        let (checklist, checklist_from) = match default_checklist(site, page) {
            Some(runbook) => (
                runbook
                    .outline
                    .tasks
                    .iter()
                    .map(|t| t.text.clone())
                    .collect(),
                Some(NameLink::new(
                    &runbook.title,
                    Some(url::relative(at, &runbook.url)),
                )),
            ),
            None => (Vec::new(), None),
        };
        ReleaseView {
            version: label,
            status: status.key(),
            status_label: status_label(lang, status),
            readiness: planned.then(|| self.readiness(site, index, at)),
            print_href: url::relative(at, &format!("{}print/", page.url)),
            windows,
            incidents,
            actions,
            kpis,
            changes,
            planned,
            previous,
            next,
            checklist,
            checklist_from,
        }
    }

    /// The readiness summary of a planned release: each check, its state and why.
    pub(super) fn readiness(&self, site: &Site, index: usize, at: &str) -> ReadinessView {
        let checks = site.readiness(index);
        ReadinessView {
            ready: releases::ready(&checks),
            checks: checks
                .iter()
                .map(|c| self.check_view(site, index, c, at))
                .collect(),
        }
    }

    fn check_view(&self, site: &Site, index: usize, check: &Check, at: &str) -> CheckView {
        let lang = self.lang;
        let t = &self.t;
        let page_link = |i: usize| {
            let p = &site.pages[i];
            NameLink::new(&p.title, Some(url::relative(at, &p.url)))
        };
        let span = |m: i64| human(TimeDelta::minutes(m));
        let (state, state_label) = match check.state() {
            State::Ready => ("ready", &t["check_ready"]),
            State::NotReady => ("not-ready", &t["check_not_ready"]),
            State::Unknown => ("unknown", &t["check_unknown"]),
        };
        let mut links = Vec::new();
        let mut items = Vec::new();
        let mut href = None;
        let blocking = || {
            let names: Vec<String> = site
                .config
                .blocking_levels()
                .iter()
                .map(|k| severity_name(site, lang, k).0.to_lowercase())
                .collect();
            names.join(pick(lang, " o ", " or "))
        };
        let (label, reason) = match &check.0 {
            Reason::Window { window, notice } => {
                links.push(page_link(*window));
                (
                    t["check_window"].to_string(),
                    match lang {
                        Language::Es => format!(
                            "Anunciada con {} de anticipación (el mínimo es {}).",
                            span(*notice),
                            span(site.config.windows.min_notice.num_minutes())
                        ),
                        Language::En => format!(
                            "Announced {} ahead (at least {} required).",
                            span(*notice),
                            span(site.config.windows.min_notice.num_minutes())
                        ),
                    },
                )
            }
            Reason::NoWindow { cancelled } => (
                t["check_window"].to_string(),
                match (lang, cancelled) {
                    (Language::Es, 0) => {
                        "Ninguna ventana de mantenimiento nombra esta versión en `release`.".to_string()
                    }
                    (Language::En, 0) => {
                        "No maintenance window names this release in `release`.".to_string()
                    }
                    (Language::Es, n) => format!(
                        "Las ventanas que nombran esta versión ({n}) están canceladas."
                    ),
                    (Language::En, n) => {
                        format!("The windows naming this release ({n}) are cancelled.")
                    }
                },
            ),
            Reason::ShortNotice { window, notice, min } => {
                links.push(page_link(*window));
                (
                    t["check_window"].to_string(),
                    match (lang, notice) {
                        (Language::Es, Some(n)) => format!(
                            "Anunciada con {} de anticipación, menos que el mínimo de {}.",
                            span(*n),
                            span(*min)
                        ),
                        (Language::En, Some(n)) => format!(
                            "Announced only {} ahead, less than the {} required.",
                            span(*n),
                            span(*min)
                        ),
                        (Language::Es, None) => {
                            "La ventana no dice cuándo se anunció (`announced`).".to_string()
                        }
                        (Language::En, None) => {
                            "The window does not say when it was announced (`announced`)."
                                .to_string()
                        }
                    },
                )
            }
            Reason::NotAnnouncedYet { window } => {
                links.push(page_link(*window));
                let on = match &site.pages[*window].details {
                    Details::Window(w) => w
                        .announced
                        .map(|a| a.0.format("%Y-%m-%d %H:%M").to_string())
                        .unwrap_or_default(),
                    _ => String::new(),
                };
                (
                    t["check_window"].to_string(),
                    match lang {
                        Language::Es => {
                            format!("Todavía no se anunció: el anuncio está fechado el {on}.")
                        }
                        Language::En => {
                            format!("Not announced yet: the announcement is dated {on}.")
                        }
                    },
                )
            }
            Reason::FirstRelease => (
                t["check_incidents"].to_string(),
                pick(
                    lang,
                    "No hay una versión anterior desplegada.",
                    "No earlier release has been deployed.",
                )
                .to_string(),
            ),
            Reason::NoOpenIncidents {
                previous,
                incidents,
            } => {
                links.push(NameLink::new(
                    &version_of(&site.pages[*previous]),
                    Some(url::relative(at, &site.pages[*previous].url)),
                ));
                (
                    t["check_incidents"].to_string(),
                    match lang {
                        Language::Es => format!(
                            "{} a la versión anterior; ninguno {} abierto.",
                            count(*incidents, "incidente atribuido", "incidentes atribuidos"),
                            blocking()
                        ),
                        Language::En => format!(
                            "{} to the previous release; no {} one open.",
                            count(*incidents, "incident attributed", "incidents attributed"),
                            blocking()
                        ),
                    },
                )
            }
            Reason::OpenIncidents { previous, open } => {
                links.extend(open.iter().map(|&i| page_link(i)));
                let v = version_of(&site.pages[*previous]);
                (
                    t["check_incidents"].to_string(),
                    match lang {
                        Language::Es => format!(
                            "{} ({}) en la versión anterior, {v}:",
                            count(open.len(), "incidente abierto", "incidentes abiertos"),
                            blocking()
                        ),
                        Language::En => format!(
                            "{} ({}) on the previous release, {v}:",
                            count(open.len(), "incident still open", "incidents still open"),
                            blocking()
                        ),
                    },
                )
            }
            Reason::Kpi {
                series,
                value,
                at: when,
                state,
            } => {
                let s = &site.kpis[*series];
                href = Some(url::relative(at, &Site::kpi_url(s)));
                let value = with_unit(lang, *value, &s.unit);
                let target = target_text(lang, s).unwrap_or_default();
                let warn = s.warn.map(|w| with_unit(lang, w, &s.unit));
                let at_least = s.direction == Some(crate::kpi::series::Direction::AtLeast);
                let reason = match (lang, state, &warn) {
                    (Language::Es, Some(KpiState::Met), Some(w)) => format!(
                        "{value} en {when}: dentro del objetivo ({target}) y {} de su nivel de alerta, {w}.",
                        if at_least { "por encima" } else { "por debajo" }
                    ),
                    (Language::En, Some(KpiState::Met), Some(w)) => format!(
                        "{value} in {when}: within target ({target}) and {} its warn level, {w}.",
                        if at_least { "above" } else { "below" }
                    ),
                    (Language::Es, Some(KpiState::Met), None) => {
                        format!("{value} en {when}: dentro del objetivo ({target}).")
                    }
                    (Language::En, Some(KpiState::Met), None) => {
                        format!("{value} in {when}: within target ({target}).")
                    }
                    (Language::Es, Some(KpiState::Warn), Some(w)) => format!(
                        "{value} en {when}: dentro del objetivo ({target}) pero pasó su nivel de alerta, {w}."
                    ),
                    (Language::En, Some(KpiState::Warn), Some(w)) => format!(
                        "{value} in {when}: within target ({target}) but past its warn level, {w}."
                    ),
                    (Language::Es, Some(_), _) => {
                        format!("{value} en {when}: fuera del objetivo ({target}).")
                    }
                    (Language::En, Some(_), _) => {
                        format!("{value} in {when}: target missed ({target}).")
                    }
                    (Language::Es, None, _) => {
                        format!("{value} en {when}; la serie no tiene objetivo.")
                    }
                    (Language::En, None, _) => {
                        format!("{value} in {when}; the series has no target.")
                    }
                };
                (s.label.clone(), reason)
            }
            Reason::KpiNoData { series } => {
                let s = &site.kpis[*series];
                href = Some(url::relative(at, &Site::kpi_url(s)));
                (
                    s.label.clone(),
                    pick(lang, "La serie no tiene datos.", "The series has no data.").to_string(),
                )
            }
            Reason::Checklist { total, open } => {
                let tasks = &site.pages[index].outline.tasks;
                items.extend(open.iter().map(|&i| tasks[i].text.clone()));
                (
                    t["check_checklist"].to_string(),
                    match (lang, open.len()) {
                        (Language::Es, 0) => {
                            format!("Los {total} ítems previos al despliegue están marcados.")
                        }
                        (Language::En, 0) => {
                            format!("All {total} pre-deployment items are ticked.")
                        }
                        (Language::Es, n) => format!("{n} de {total} ítems sin marcar:"),
                        (Language::En, n) => format!("{n} of {total} items not ticked:"),
                    },
                )
            }
            Reason::NoChecklist { .. } => (
                t["check_checklist"].to_string(),
                pick(
                    lang,
                    "Las notas no tienen ítems previos al despliegue: copiá el checklist de despliegue en las notas (`bitacora new release` lo hace).",
                    "The notes have no pre-deployment items: copy the deployment checklist into them (`bitacora new release` does).",
                )
                .to_string(),
            ),
        };
        CheckView {
            key: check.key(),
            state,
            state_label: state_label.clone(),
            label,
            href,
            reason,
            links,
            items,
        }
    }

    /// `releases/`: newest first, with date, status, window, incidents and the worst
    /// severity among them.
    pub fn release_index(&self, site: &Site) -> Result<String, Finding> {
        let at = RELEASES;
        let mut cx = self.base_context(site, at);
        let rows: Vec<IndexRow> = site
            .releases_in_order()
            .iter()
            .rev()
            .map(|&i| {
                let page = &site.pages[i];
                let status = site.release_status(i);
                let (windows, postmortems) = site.gathered(i);
                let mut worst: Option<(usize, String)> = None;
                let mut open = 0;
                for &p in postmortems {
                    let Details::Postmortem(pm) = &site.pages[p].details else {
                        continue;
                    };
                    open += usize::from(pm.derived.open);
                    if let Some(level) = &pm.derived.level {
                        let (name, rank) = severity_name(site, self.lang, level);
                        if rank > 0 && worst.as_ref().is_none_or(|(r, _)| rank < *r) {
                            worst = Some((rank, name));
                        }
                    }
                }
                IndexRow {
                    version: version_of(page),
                    title: page.title.clone(),
                    href: url::relative(at, &page.url),
                    date: page.date().map(|d| d.format("%Y-%m-%d").to_string()),
                    status: status.key(),
                    status_label: status_label(self.lang, status),
                    windows: windows
                        .iter()
                        .map(|&w| {
                            let wp = &site.pages[w];
                            let name = wp.date().map_or_else(
                                || wp.title.clone(),
                                |d| d.format("%Y-%m-%d").to_string(),
                            );
                            NameLink::new(&name, Some(url::relative(at, &wp.url)))
                        })
                        .collect(),
                    incidents: postmortems.len(),
                    open_incidents: open,
                    worst_rank: worst.as_ref().map_or(0, |(r, _)| *r),
                    worst: worst.map(|(_, n)| n),
                    ready: (status == ReleaseStatus::Planned)
                        .then(|| releases::ready(&site.readiness(i))),
                }
            })
            .collect();
        cx.insert("title", &strings::section_title(self.lang, "releases"));
        cx.insert("releases", &rows);
        cx.insert("changelog_href", &url::relative(at, CHANGELOG));
        cx.insert("feed_href", &url::relative(at, RELEASE_FEED));
        self.intro(site, crate::site::RELEASES, &mut cx);
        self.render("releases.html", &cx, "content/releases")
    }

    /// The notes of every release one after another, newest version first.
    pub fn changelog(&self, site: &Site) -> Result<String, Finding> {
        let at = CHANGELOG;
        let mut cx = self.base_context(site, at);
        let markdown = self.markdown();
        // Every release's notes rendered again for this page (its links and ids are
        // its own), in parallel: highlighting is most of a build's work.
        let order: Vec<usize> = site.releases_in_order().iter().rev().copied().collect();
        let entries: Vec<ChangelogEntry> = order
            .par_iter()
            .enumerate()
            .map(|(n, &i)| {
                let page = &site.pages[i];
                let status = site.release_status(i);
                let version = version_of(page);
                let anchor = url::slugify(&format!("v{}", version.trim_start_matches(['v', 'V'])));
                let prefix = format!("{anchor}-");
                let embed = |text: &str| self.kpi_block(site, text, at);
                let mut md = site.markdown_context(page);
                md.url = at;
                md.anchor_prefix = &prefix;
                md.kpi = Some(&embed);
                ChangelogEntry {
                    title: page.title.clone(),
                    href: url::relative(at, &page.url),
                    date: page.date().map(|d| d.format("%Y-%m-%d").to_string()),
                    status: status.key(),
                    status_label: status_label(self.lang, status),
                    description: page.meta.description.clone(),
                    html: (n < CHANGELOG_NOTES).then(|| markdown.html(page.body(), &md)),
                    version,
                    anchor,
                }
            })
            .collect();
        let (entries, older): (Vec<_>, Vec<_>) =
            entries.into_iter().partition(|e| e.html.is_some());
        cx.insert("title", &self.t["changelog"]);
        cx.insert("entries", &entries);
        cx.insert("older", &older);
        cx.insert("index_href", &url::relative(at, RELEASES));
        cx.insert("feed_href", &url::relative(at, RELEASE_FEED));
        self.render("changelog.html", &cx, "templates/changelog.html")
    }

    /// The Atom feed of releases, newest version first.
    pub fn release_feed(&self, site: &Site) -> String {
        use atom_syndication::{Entry, Link, Text};
        let urls = FeedUrls::new(site, RELEASE_FEED);
        let (absolute, id) = (|u: &str| urls.absolute(u), |u: &str| urls.id(u));
        let mut entries = Vec::new();
        // What has gone out: planned releases are on the index and the changelog, but
        // a feed entry dated ahead would sit on top of readers' lists until then.
        for &i in site.releases_in_order().iter().rev() {
            let page = &site.pages[i];
            let status = site.release_status(i);
            if status == ReleaseStatus::Planned {
                continue;
            }
            let when = page
                .date()
                .and_then(|d| d.and_hms_opt(0, 0, 0))
                .map(|t| t.and_utc().fixed_offset())
                .unwrap_or_default();
            let mut summary = status_label(self.lang, status).to_string();
            if let Some(d) = &page.meta.description {
                summary.push_str(&format!(". {d}"));
            }
            let mut entry = Entry::default();
            entry.set_title(page.title.clone());
            entry.set_id(id(&page.url));
            entry.set_updated(when);
            entry.set_published(Some(when));
            let mut link = Link::default();
            link.set_href(absolute(&page.url));
            entry.set_links(vec![link]);
            entry.set_summary(Some(Text::plain(summary)));
            entries.push(entry);
        }
        urls.feed(
            format!("{} · {}", self.t["changelog"], site.config.title),
            CHANGELOG,
            entries,
        )
        .to_string()
    }

    /// `…/print/`: a release's readiness summary, its checklist and the form of each
    /// of its windows, on pages for printing.
    pub fn release_print(&self, site: &Site, index: usize) -> Result<String, Finding> {
        let page = &site.pages[index];
        let at = format!("{}print/", page.url);
        let mut cx = self.base_context(site, &at);
        let status = site.release_status(index);
        let outline = &page.outline;
        let mut groups: Vec<ChecklistGroup> = Vec::new();
        let mut from_runbook = None;
        if outline.tasks.is_empty() {
            if let Some(runbook) = default_checklist(site, page) {
                from_runbook = Some(runbook.title.clone());
                groups.push(ChecklistGroup {
                    heading: None,
                    after: false,
                    items: runbook
                        .outline
                        .tasks
                        .iter()
                        .map(|t| ChecklistItem {
                            done: false,
                            text: t.text.clone(),
                        })
                        .collect(),
                });
            }
        }
        for task in &outline.tasks {
            let heading = task.heading.map(|h| outline.headings[h].text.clone());
            let item = ChecklistItem {
                done: task.done,
                text: task.text.clone(),
            };
            match groups.last_mut() {
                Some(g) if g.heading == heading => g.items.push(item),
                _ => groups.push(ChecklistGroup {
                    after: task
                        .heading
                        .is_some_and(|h| outline.under_heading(h, AFTER)),
                    heading,
                    items: vec![item],
                }),
            }
        }
        let markdown = self.markdown();
        let (window_pages, _) = site.gathered(index);
        let sheets: Vec<Sheet> = window_pages
            .iter()
            .enumerate()
            .filter_map(|(n, &i)| {
                let w_page = &site.pages[i];
                let Details::Window(w) = &w_page.details else {
                    return None;
                };
                let prefix = format!("w{}-", n + 1);
                let mut md = site.markdown_context(w_page);
                md.url = &at;
                md.anchor_prefix = &prefix;
                Some(Sheet {
                    title: w_page.title.clone(),
                    view: self.window(site, w_page, w, &at),
                    body: markdown.html(w_page.body(), &md),
                })
            })
            .collect();
        let title = format!("{} · {}", page.title, self.t["print_bundle"]);
        cx.insert("page_title", &page.title);
        cx.insert(
            "release",
            &PrintHead {
                version: version_of(page),
                status_label: status_label(self.lang, status),
                readiness: (status == ReleaseStatus::Planned)
                    .then(|| self.readiness(site, index, &at)),
                windows: sheets.iter().map(|s| s.title.clone()).collect(),
            },
        );
        cx.insert("checklist", &groups);
        cx.insert("checklist_from", &from_runbook);
        cx.insert("sheets", &sheets);
        cx.insert(
            "date",
            &page.date().map(|d| d.format("%Y-%m-%d").to_string()),
        );
        cx.insert("footer_title", &super::windows::css_string(&title));
        cx.insert(
            "page_label",
            &super::windows::css_string(&self.t["page_of"]),
        );
        cx.insert("of_label", &super::windows::css_string(&self.t["of"]));
        self.render("release-print.html", &cx, &format!("{at} (print bundle)"))
    }
}

/// The runbook whose checklist a release without one of its own shows.
fn default_checklist<'a>(site: &'a Site, page: &Page) -> Option<&'a Page> {
    if !page.outline.tasks.is_empty() {
        return None;
    }
    site.config
        .releases
        .checklist
        .as_deref()
        .and_then(|rel| site.page_by_rel(rel))
}

/// A series' mean before and after a release, as readers read it.
fn change(lang: Language, series: &Series, date: NaiveDate, days: i64) -> Change {
    let (before, after) = before_after(series, date, days);
    let percent = before
        .zip(after)
        .filter(|(b, _)| *b != 0.0)
        .map(|(b, a)| (a - b) / b.abs() * 100.0);
    let show = |v: Option<f64>| v.map_or("–".to_string(), |v| number(lang, v));
    let unit = if series.unit.is_empty() {
        String::new()
    } else {
        format!(" {}", series.unit)
    };
    let pct = percent.map_or(String::new(), |p| {
        format!(", {}{} %", if p > 0.0 { "+" } else { "" }, number(lang, p))
    });
    let better = before.zip(after).and_then(|(b, a)| match series.direction {
        _ if a == b => None,
        Some(crate::kpi::series::Direction::AtMost) => Some(a < b),
        Some(crate::kpi::series::Direction::AtLeast) => Some(a > b),
        None => None,
    });
    Change {
        label: series.label.clone(),
        before,
        after,
        percent,
        text: format!("{} → {}{unit}{pct}", show(before), show(after)),
        better,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::kpi::read::{Precision, Time};
    use crate::kpi::series::{ChartKind, Direction};

    #[test]
    fn before_and_after_by_hand() {
        let day = |d: u32| NaiveDate::from_ymd_opt(2025, 10, d).unwrap();
        let values = [(1, 600.0), (9, 640.0), (10, 700.0), (11, 720.0), (12, 0.0)];
        let series = Series {
            key: "p95".into(),
            label: "p95".into(),
            unit: "ms".into(),
            file: "x.csv".into(),
            time_column: "t".into(),
            columns: vec!["v".into()],
            times: values
                .iter()
                .map(|(d, _)| Time {
                    at: day(*d).and_time(chrono::NaiveTime::MIN),
                    precision: Precision::Day,
                })
                .collect(),
            values: vec![values
                .iter()
                .map(|(d, v)| if *d == 12 { None } else { Some(*v) })
                .collect()],
            target: Some(800.0),
            direction: Some(Direction::AtMost),
            warn: None,
            kind: ChartKind::Line,
            group: None,
            trend: 6,
            services: Vec::new(),
        };
        // Release on the 10th, 5 days each side: before = 9th (the 1st is too early),
        // after = 10th and 11th (the 12th is a gap).
        let (before, after) = before_after(&series, day(10), 5);
        assert_eq!(before, Some(640.0));
        assert_eq!(after, Some(710.0));
    }
}
