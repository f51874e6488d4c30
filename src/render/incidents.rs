//! What postmortems add to the portal: the header card of each, the index of them all
//! (filterable in the browser), the incident metrics page with its charts, the
//! figures as JSON, and an Atom feed.

use super::{strings, Renderer};
use crate::charts::{self, Bars, Chart, Layout, Series};
use crate::config::Language;
use crate::content::time::human;
use crate::content::{url, Details, Page, Postmortem};
use crate::findings::Finding;
use crate::site::incidents::{Group, Incidents};
use crate::site::{terms, Site, INCIDENT_FEED, INCIDENT_JSON, INCIDENT_METRICS, POSTMORTEMS};
use plotters::style::RGBColor;
use serde::Serialize;

/// A name that may link somewhere (a service, a release), and its slug for filters.
#[derive(Serialize)]
pub(super) struct NameLink {
    name: String,
    href: Option<String>,
    slug: String,
}

impl NameLink {
    pub(super) fn new(name: &str, href: Option<String>) -> NameLink {
        NameLink {
            name: name.to_string(),
            href,
            slug: url::slugify(name),
        }
    }
}

#[derive(Serialize)]
struct ActionView {
    what: String,
    owner: Option<String>,
    due: Option<String>,
    done: bool,
    overdue: bool,
}

/// One postmortem as its card and its index row show it.
#[derive(Serialize)]
pub(super) struct IncidentView {
    title: String,
    href: String,
    id: Option<String>,
    /// The level's key and rank (1 most severe), and its name for readers.
    severity: Option<String>,
    rank: usize,
    severity_label: String,
    started: Option<String>,
    date: Option<String>,
    open: bool,
    duration: Option<String>,
    detect: Option<String>,
    target: Option<String>,
    target_met: Option<bool>,
    /// How far from the target, always positive: spare when met, over when missed.
    margin: Option<String>,
    /// Open, and already past its target.
    overdue: bool,
    services: Vec<NameLink>,
    release: Option<NameLink>,
    root_cause: Option<String>,
    open_actions: usize,
    overdue_actions: usize,
    actions: Vec<ActionView>,
}

fn span(minutes: i64) -> String {
    human(chrono::TimeDelta::minutes(minutes))
}

fn percent(lang: Language, share: Option<f64>) -> String {
    match share {
        None => "–".to_string(),
        Some(s) => match lang {
            Language::Es => format!("{:.0} %", s * 100.0),
            Language::En => format!("{:.0}%", s * 100.0),
        },
    }
}

fn minutes(value: Option<f64>) -> String {
    value.map_or_else(|| "–".to_string(), |m| span(m.round() as i64))
}

/// A severity's name for readers, and its rank (1 for the most severe).
pub(super) fn severity_name(site: &Site, lang: Language, key: &str) -> (String, usize) {
    let levels = site.config.severities();
    let rank = levels
        .iter()
        .position(|(k, _)| *k == key)
        .map_or(0, |i| i + 1);
    let name = levels
        .iter()
        .find(|(k, _)| *k == key)
        .and_then(|(_, level)| match lang {
            Language::Es => level.es.clone(),
            Language::En => level.en.clone(),
        })
        .unwrap_or_else(|| key.to_string());
    (name, rank)
}

/// The addresses in an Atom feed at `feed`: links absolute with `base_url`, else
/// relative to the feed; ids always absolute IRIs (a URN naming the page without a
/// base URL).
pub(super) struct FeedUrls<'a> {
    base: &'a str,
    feed: &'a str,
}

impl<'a> FeedUrls<'a> {
    pub(super) fn new(site: &'a Site, feed: &'a str) -> FeedUrls<'a> {
        FeedUrls {
            base: site.config.base_url.trim_end_matches('/'),
            feed,
        }
    }

    pub(super) fn absolute(&self, u: &str) -> String {
        if self.base.is_empty() {
            url::relative(self.feed, u)
        } else {
            format!("{}/{u}", self.base)
        }
    }

    /// A feed of `entries` titled `title`, its id and home page `home`, updated when
    /// its newest entry was, linking to itself.
    pub(super) fn feed(
        &self,
        title: String,
        home: &str,
        entries: Vec<atom_syndication::Entry>,
    ) -> atom_syndication::Feed {
        use atom_syndication::{Feed, Link};
        let mut feed = Feed::default();
        feed.set_title(title);
        feed.set_id(self.id(home));
        feed.set_updated(
            entries
                .iter()
                .map(|e| *e.updated())
                .max()
                .unwrap_or_default(),
        );
        let mut link = Link::default();
        link.set_href(self.absolute(home));
        let mut this = Link::default();
        this.set_href(self.absolute(self.feed));
        this.set_rel("self");
        feed.set_links(vec![link, this]);
        feed.set_entries(entries);
        feed
    }

    pub(super) fn id(&self, u: &str) -> String {
        if self.base.is_empty() {
            format!("urn:bitacora:{}", url::encode_path(u))
        } else {
            format!("{}/{u}", self.base)
        }
    }
}

/// Colours by rank, most severe first; they read on light and dark backgrounds.
pub fn severity_color(rank: usize) -> RGBColor {
    match rank {
        1 => RGBColor(211, 47, 47),
        2 => RGBColor(239, 124, 0),
        3 => RGBColor(202, 160, 0),
        4 => RGBColor(46, 125, 200),
        _ => RGBColor(130, 130, 130),
    }
}

impl Renderer {
    pub(super) fn incident(
        &self,
        site: &Site,
        page: &Page,
        p: &Postmortem,
        at: &str,
    ) -> IncidentView {
        let d = &p.derived;
        let (severity_label, rank) = match &d.level {
            Some(key) => severity_name(site, self.lang, key),
            None => (p.severity.clone().unwrap_or_default(), 0),
        };
        let services = page
            .meta
            .services
            .iter()
            .map(|name| NameLink {
                name: name.clone(),
                href: terms::find(&site.services, name).map(|t| url::relative(at, &t.url)),
                slug: url::slugify(name),
            })
            .collect();
        let release = p.release.as_ref().map(|version| NameLink {
            name: version.clone(),
            href: site.release(version).map(|r| url::relative(at, &r.url)),
            slug: url::slugify(version),
        });
        let open_for = p.started.map(|s| (site.now - s.0).num_minutes());
        IncidentView {
            title: page.title.clone(),
            href: url::relative(at, &page.url),
            id: p.id.clone(),
            severity: d.level.clone(),
            rank,
            severity_label,
            started: p.started.map(|t| t.to_string()),
            date: page.date().map(|d| d.format("%Y-%m-%d").to_string()),
            open: d.open,
            duration: d.time_to_resolve.map(span),
            detect: d.time_to_detect.map(span),
            target: d.target.map(span),
            target_met: d.target_met,
            margin: d.margin.map(|m| span(m.abs())),
            overdue: d.open && d.target.zip(open_for).is_some_and(|(t, o)| o > t),
            services,
            release,
            root_cause: p.root_cause.clone().filter(|c| !c.trim().is_empty()),
            open_actions: d.open_actions,
            overdue_actions: d.overdue_actions,
            actions: p
                .actions
                .iter()
                .map(|a| ActionView {
                    what: a.what.clone(),
                    owner: a.owner.clone(),
                    due: a.due.map(|d| d.to_string()),
                    done: a.done,
                    overdue: !a.done && a.due.is_some_and(|due| due.0 < site.today),
                })
                .collect(),
        }
    }

    fn incidents_of(&self, site: &Site, at: &str) -> Vec<IncidentView> {
        site.postmortems
            .iter()
            .filter_map(|&i| match &site.pages[i].details {
                Details::Postmortem(p) => Some(self.incident(site, &site.pages[i], p, at)),
                _ => None,
            })
            .collect()
    }

    /// `postmortems/`: every postmortem, newest first, with filters by severity and
    /// service that work in the browser.
    pub fn postmortem_index(&self, site: &Site) -> Result<String, Finding> {
        let at = POSTMORTEMS;
        let mut cx = self.base_context(site, at);
        let incidents = self.incidents_of(site, at);
        let severities: Vec<NameLink> = site
            .config
            .severities()
            .iter()
            .map(|(key, _)| NameLink {
                name: severity_name(site, self.lang, key).0,
                href: None,
                slug: key.to_string(),
            })
            .collect();
        let mut services: Vec<NameLink> = Vec::new();
        for term in &site.services {
            if term.pages.iter().any(|i| site.postmortems.contains(i)) {
                services.push(NameLink {
                    name: term.name.clone(),
                    href: Some(url::relative(at, &term.url)),
                    slug: term.slug.clone(),
                });
            }
        }
        // The folder's other pages and sub-folders, listed after the incidents.
        let (pages, subsections) = self.folder_pages(site, at, |i| !site.postmortems.contains(&i));
        cx.insert("pages", &pages);
        cx.insert("subsections", &subsections);
        cx.insert("title", &strings::section_title(self.lang, "postmortems"));
        cx.insert("incidents", &incidents);
        cx.insert("severities", &severities);
        cx.insert("services", &services);
        cx.insert("metrics_href", &url::relative(at, INCIDENT_METRICS));
        cx.insert("feed_href", &url::relative(at, INCIDENT_FEED));
        self.intro(site, crate::site::POSTMORTEMS, &mut cx);
        self.render("postmortems.html", &cx, "content/postmortems")
    }

    /// `postmortems/metrics/`: the incident figures as tables and charts.
    pub fn incident_metrics(&self, site: &Site, figures: &Incidents) -> Result<String, Finding> {
        let at = INCIDENT_METRICS;
        let mut cx = self.base_context(site, at);
        let t = &self.t;
        let row = |g: &Group, label: String, target: Option<String>| {
            serde_json::json!({
                "label": label,
                "target": target,
                "count": g.count,
                "open": g.open,
                "mean": minutes(g.mttr_mean_minutes),
                "median": minutes(g.mttr_median_minutes),
                "met": percent(self.lang, g.target_met_share),
                "root_cause": percent(self.lang, g.root_cause_share),
                "actions_done": percent(self.lang, g.actions_done_share),
            })
        };
        let levels = site.config.severities();
        let by_severity: Vec<serde_json::Value> = figures
            .by_severity
            .iter()
            .map(|g| {
                let target = levels
                    .iter()
                    .find(|(k, _)| *k == g.key)
                    .map(|(_, l)| span(l.target.num_minutes()));
                row(g, severity_name(site, self.lang, &g.key).0, target)
            })
            .collect();
        let by_month: Vec<serde_json::Value> = figures
            .by_month
            .iter()
            .map(|g| row(g, g.key.clone(), None))
            .collect();
        let actions: Vec<serde_json::Value> = figures
            .open_actions
            .iter()
            .map(|a| {
                serde_json::json!({
                    "what": a.what, "owner": a.owner, "due": a.due, "overdue": a.overdue,
                    "postmortem": a.postmortem, "href": url::relative(at, &a.url),
                })
            })
            .collect();
        let all = &figures.all;
        let summary = [
            (&t["incidents"], all.count.to_string()),
            (&t["open_incidents"], all.open.to_string()),
            (&t["mttr_median"], minutes(all.mttr_median_minutes)),
            (&t["met_share"], percent(self.lang, all.target_met_share)),
            (
                &t["root_cause_share"],
                percent(self.lang, all.root_cause_share),
            ),
            (
                &t["actions_done_share"],
                percent(self.lang, all.actions_done_share),
            ),
            (&t["overdue_actions"], figures.overdue_actions.to_string()),
        ];
        let summary: Vec<serde_json::Value> = summary
            .iter()
            .map(|(label, value)| serde_json::json!({"label": label, "value": value}))
            .collect();
        cx.insert("title", &t["incident_metrics"]);
        cx.insert("as_of", &figures.as_of);
        cx.insert("summary", &summary);
        cx.insert("by_severity", &by_severity);
        cx.insert("by_month", &by_month);
        cx.insert("actions", &actions);
        cx.insert("charts", &self.incident_charts(site, figures));
        cx.insert("json_href", &url::relative(at, INCIDENT_JSON));
        cx.insert("index_href", &url::relative(at, POSTMORTEMS));
        self.render("incidents.html", &cx, "postmortems/metrics")
    }

    /// The metrics page's charts: (caption, SVG).
    fn incident_charts(&self, site: &Site, figures: &Incidents) -> Vec<(String, String)> {
        let t = &self.t;
        let levels = site.config.severities();
        let names: Vec<String> = levels
            .iter()
            .map(|(k, _)| severity_name(site, self.lang, k).0)
            .collect();
        let mut charts = Vec::new();
        // MTTR median per severity as a share of its target, so that levels whose
        // targets differ a hundredfold share one axis; the times are written above.
        let series: Vec<Series<'_>> = figures
            .by_severity
            .iter()
            .enumerate()
            .map(|(i, g)| Series {
                name: &names[i],
                color: severity_color(i + 1),
                values: (0..levels.len())
                    .map(|j| match (j == i, g.mttr_median_minutes) {
                        (true, Some(m)) => {
                            100.0 * m / (levels[i].1.target.num_minutes().max(1) as f64)
                        }
                        _ => 0.0,
                    })
                    .collect(),
            })
            .collect();
        let targets: Vec<Option<f64>> = levels.iter().map(|_| Some(100.0)).collect();
        let labels: Vec<String> = figures
            .by_severity
            .iter()
            .map(|g| minutes(g.mttr_median_minutes))
            .collect();
        let description = figures
            .by_severity
            .iter()
            .zip(&names)
            .zip(&levels)
            .map(|((g, name), (_, level))| {
                format!(
                    "{name}: {} {}, {} {}",
                    &t["mttr_median"],
                    minutes(g.mttr_median_minutes),
                    &t["target"],
                    span(level.target.num_minutes())
                )
            })
            .collect::<Vec<_>>()
            .join("; ");
        let lang = self.lang;
        charts.push((
            t["chart_mttr_title"].clone(),
            charts::bars(
                &Chart {
                    id: "mttr-by-severity",
                    title: &t["chart_mttr_title"],
                    description: &description,
                    y_label: &t["share_of_target"],
                    width: 560,
                    height: 300,
                },
                &Bars {
                    categories: &names,
                    series: &series,
                    layout: Layout::Stacked,
                    targets: Some((&t["target"], &targets)),
                    labels: Some(&labels),
                    integer: false,
                    format: &|v| percent(lang, Some(v / 100.0)),
                },
            ),
        ));
        // Incidents per month, stacked by severity.
        let months: Vec<String> = figures.by_month.iter().map(|g| g.key.clone()).collect();
        let per_month: Vec<Series<'_>> = levels
            .iter()
            .enumerate()
            .map(|(i, (key, _))| Series {
                name: &names[i],
                color: severity_color(i + 1),
                values: figures
                    .by_month
                    .iter()
                    .map(|g| {
                        site.postmortems
                            .iter()
                            .filter_map(|&p| match &site.pages[p].details {
                                Details::Postmortem(pm) => Some(pm),
                                _ => None,
                            })
                            .filter(|pm| {
                                pm.derived.level.as_deref() == Some(*key)
                                    && pm
                                        .started
                                        .is_some_and(|s| s.0.format("%Y-%m").to_string() == g.key)
                            })
                            .count() as f64
                    })
                    .collect(),
            })
            .collect();
        let description = figures
            .by_month
            .iter()
            .map(|g| format!("{}: {}", g.key, g.count))
            .collect::<Vec<_>>()
            .join("; ");
        if !months.is_empty() {
            charts.push((
                t["chart_months_title"].clone(),
                charts::bars(
                    &Chart {
                        id: "incidents-by-month",
                        title: &t["chart_months_title"],
                        description: &description,
                        y_label: &t["incidents"],
                        width: 560,
                        height: 300,
                    },
                    &Bars {
                        categories: &months,
                        series: &per_month,
                        layout: Layout::Stacked,
                        targets: None,
                        labels: None,
                        integer: true,
                        format: &|v| format!("{v:.0}"),
                    },
                ),
            ));
        }
        charts
    }

    /// The Atom feed of postmortems, newest first. Absolute links need `base_url`;
    /// without one they are relative to the feed.
    pub fn incident_feed(&self, site: &Site) -> String {
        use atom_syndication::{Entry, Link, Person, Text};
        let urls = FeedUrls::new(site, INCIDENT_FEED);
        let (absolute, id) = (|u: &str| urls.absolute(u), |u: &str| urls.id(u));
        let stamp = |p: &Postmortem, page: &Page| {
            p.resolved
                .or(p.started)
                .map(|t| t.0)
                .or_else(|| {
                    page.date()
                        .and_then(|d| d.and_hms_opt(0, 0, 0))
                        .map(|t| t.and_utc().fixed_offset())
                })
                .unwrap_or_default()
        };
        let t = &self.t;
        let mut entries = Vec::new();
        for &i in &site.postmortems {
            let page = &site.pages[i];
            let Details::Postmortem(p) = &page.details else {
                continue;
            };
            let view = self.incident(site, page, p, &page.url);
            let mut summary = format!("{}: {}", &t["severity"], view.severity_label);
            match (&view.duration, view.open) {
                (_, true) => summary.push_str(&format!(" · {}", &t["open"])),
                (Some(d), _) => summary.push_str(&format!(" · {}: {d}", &t["duration"])),
                _ => {}
            }
            if let Some(description) = &page.meta.description {
                summary.push_str(&format!(". {description}"));
            }
            let mut entry = Entry::default();
            entry.set_title(page.title.clone());
            entry.set_id(id(&page.url));
            entry.set_updated(stamp(p, page));
            entry.set_published(p.started.map(|t| t.0));
            let mut link = Link::default();
            link.set_href(absolute(&page.url));
            entry.set_links(vec![link]);
            entry.set_summary(Some(Text::plain(summary)));
            entries.push(entry);
        }
        let mut feed = urls.feed(
            format!(
                "{} · {}",
                strings::section_title(self.lang, "postmortems"),
                site.config.title
            ),
            POSTMORTEMS,
            entries,
        );
        let mut author = Person::default();
        author.set_name(site.config.title.clone());
        feed.set_authors(vec![author]);
        feed.set_lang(Some(site.config.language.code().to_string()));
        feed.to_string()
    }
}
