//! `bitacora serve`: build, serve on 127.0.0.1, and on every change write again only
//! what the change reaches, then reload the open pages. A build with errors writes
//! nothing: the last good site stays served and the pages show the errors.

use super::{report, EXIT_USAGE};
use crate::cli::ServeArgs;
use crate::findings::Findings;
use crate::output::Staging;
use crate::preview::{self, http, Change, Folder, Shown};
use crate::publish::{self, Target};
use crate::render::Renderer;
use crate::workspace::{BuildTime, Workspace};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// How long the folder must stay quiet before a batch of changes is built: an
/// editor's save is often several events.
const SETTLE: Duration = Duration::from_millis(10);
/// How long the folder must stay quiet before the search index is made again.
const SEARCH_AFTER: Duration = Duration::from_secs(1);

pub fn run(args: ServeArgs) -> ExitCode {
    let out = match super::output_folder(&args.source, args.output.as_deref()) {
        Ok(out) => out,
        Err(code) => return code,
    };
    let server = match http::bind(args.port) {
        Ok(server) => server,
        Err(message) => {
            eprintln!("bitacora: {message}");
            return ExitCode::from(EXIT_USAGE);
        }
    };
    let address = format!("http://127.0.0.1:{}/", args.port);
    let mut state = match Serving::start(&args, out, &address) {
        Ok(state) => state,
        Err(message) => {
            eprintln!("{message}");
            return ExitCode::from(EXIT_USAGE);
        }
    };
    let live = Arc::new(http::Live::default());
    {
        let (root, live) = (state.out.clone(), Arc::clone(&live));
        std::thread::spawn(move || http::run(server, root, live));
    }
    let (tx, rx) = mpsc::channel();
    // Set on every change, so that a search index being made for an older state is
    // given up.
    let changed = Arc::new(AtomicBool::new(false));
    let flag = Arc::clone(&changed);
    // Reads (the build's own among them) are no change.
    let forward = move |event: notify::Result<notify::Event>| {
        let paths = match event {
            Ok(e) if matches!(e.kind, notify::EventKind::Access(_)) => return,
            Ok(e) => e.paths,
            // Something was missed: everything is looked at again.
            Err(_) => Vec::new(),
        };
        flag.store(true, Ordering::Relaxed);
        let _ = tx.send(paths);
    };
    let mut watcher = match notify::recommended_watcher(forward) {
        Ok(w) => w,
        Err(e) => {
            eprintln!("bitacora: cannot watch the site folder: {e}");
            return ExitCode::from(EXIT_USAGE);
        }
    };
    let watched = state.watch(&mut watcher);
    let first = state.full(false);
    state.announce(&first, &live, "");
    println!(
        "bitacora: serving {address} (watching {}; Ctrl-C to stop)",
        watched.join(", ")
    );
    // The search index covers every page, so it is brought up to date once the
    // edits pause rather than before each reload.
    let mut search_stale = false;
    loop {
        let received = if search_stale {
            rx.recv_timeout(SEARCH_AFTER)
        } else {
            rx.recv().map_err(|_| RecvTimeoutError::Disconnected)
        };
        let first = match received {
            Ok(first) => first,
            Err(RecvTimeoutError::Timeout) => {
                let started = Instant::now();
                changed.store(false, Ordering::Relaxed);
                if let Some(errors) = state.search(&|| changed.load(Ordering::Relaxed)) {
                    search_stale = false;
                    let mut findings = Findings::default();
                    findings.extend(errors);
                    eprint!("{}", report::text(&findings));
                    println!(
                        "bitacora: search index updated in {} ms",
                        started.elapsed().as_millis()
                    );
                }
                continue;
            }
            Err(RecvTimeoutError::Disconnected) => break,
        };
        // An editor's save is often several events: wait until the folder is quiet.
        let mut batch = vec![first];
        while let Ok(more) = rx.recv_timeout(SETTLE) {
            batch.push(more);
        }
        let paths: Vec<PathBuf> = if batch.iter().any(Vec::is_empty) {
            Vec::new()
        } else {
            batch.into_iter().flatten().collect()
        };
        let change = if paths.is_empty() {
            Change::Everything
        } else {
            preview::classify(&state.dir, &state.workspace.site, &paths)
        };
        let outcome = match &change {
            Change::Nothing => continue,
            Change::Pages(rels) => state.pages(rels),
            Change::Everything => {
                // A folder of templates or static files made since: watched too.
                state.watch(&mut watcher);
                state.full(true)
            }
        };
        let what = match &change {
            Change::Pages(rels) => rels.join(", "),
            _ => "the whole site".into(),
        };
        state.announce(&outcome, &live, &what);
        search_stale |= outcome.ok && matches!(change, Change::Pages(_));
    }
    ExitCode::SUCCESS
}

/// The site being served and what it is written from.
struct Serving {
    dir: PathBuf,
    out: PathBuf,
    now: Option<String>,
    drafts: bool,
    address: String,
    workspace: Workspace,
    renderer: Option<Renderer>,
    /// Output that edits reached while the site had errors, written once it has none.
    pending: BTreeSet<Target>,
    /// Everything must be written once the site has no errors.
    pending_all: bool,
}

/// What a rebuild did.
struct Outcome {
    ok: bool,
    findings: Findings,
    written: usize,
    elapsed: Duration,
    /// Of which reading and resolving the site.
    loading: Duration,
}

impl Serving {
    fn start(args: &ServeArgs, out: PathBuf, address: &str) -> Result<Serving, String> {
        let mut serving = Serving {
            dir: std::path::absolute(&args.source).unwrap_or_else(|_| args.source.clone()),
            out: std::path::absolute(&out).unwrap_or(out),
            now: args.now.clone(),
            drafts: args.drafts,
            address: address.to_string(),
            workspace: load(&args.source, args.now.as_deref(), args.drafts, address)
                .map_err(|f| f.to_string())?,
            renderer: None,
            pending: BTreeSet::new(),
            pending_all: true,
        };
        serving.renderer = serving.renderer().ok();
        Ok(serving)
    }

    /// Watches `content/`, `templates/`, `static/` and the folder itself (for
    /// `bitacora.toml`); says what is watched.
    fn watch(&self, watcher: &mut dyn notify::Watcher) -> Vec<String> {
        use notify::RecursiveMode::{NonRecursive, Recursive};
        let mut watched = Vec::new();
        for (name, mode) in [
            ("content", Recursive),
            ("templates", Recursive),
            ("static", Recursive),
            ("", NonRecursive),
        ] {
            let path = if name.is_empty() {
                self.dir.clone()
            } else {
                self.dir.join(name)
            };
            if path.exists() && watcher.watch(&path, mode).is_ok() {
                watched.push(if name.is_empty() {
                    "bitacora.toml".into()
                } else {
                    format!("{name}/")
                });
            }
        }
        watched
    }

    fn renderer(&self) -> Result<Renderer, Findings> {
        let config = &self.workspace.site.config;
        Renderer::new(&self.dir, config, config.minify).map_err(|errors| {
            let mut findings = Findings::default();
            findings.extend(errors);
            findings
        })
    }

    /// Loads the whole folder again when `reload`, and writes the whole site beside
    /// the served one, swapping it in when it is done.
    fn full(&mut self, reload: bool) -> Outcome {
        let started = Instant::now();
        if reload {
            match load(&self.dir, self.now.as_deref(), self.drafts, &self.address) {
                Ok(workspace) => self.workspace = workspace,
                Err(f) => {
                    let mut findings = Findings::default();
                    findings.push(f);
                    return self.failed(findings, started, true);
                }
            }
            self.renderer = None;
        }
        let mut findings = self.workspace.findings();
        if self.renderer.is_none() {
            match self.renderer() {
                Ok(r) => self.renderer = Some(r),
                Err(errors) => findings.extend(errors.items().iter().cloned()),
            }
        }
        if findings.failed(false) {
            return self.failed(findings, started, true);
        }
        let targets = publish::all(&self.workspace.site);
        let errors = match (Staging::create(&self.out), &self.renderer) {
            (Ok(staging), Some(renderer)) => {
                let errors = publish::render(
                    &self.workspace.site,
                    &self.dir,
                    renderer,
                    &targets,
                    &staging,
                );
                if errors.is_empty() {
                    staging.commit().err().into_iter().collect()
                } else {
                    staging.abandon();
                    errors
                }
            }
            (Err(f), _) => vec![f],
            (_, None) => Vec::new(),
        };
        findings.extend(errors);
        if findings.failed(false) {
            return self.failed(findings, started, true);
        }
        self.pending.clear();
        self.pending_all = false;
        Outcome {
            ok: true,
            findings,
            written: targets.len(),
            elapsed: started.elapsed(),
            loading: Duration::ZERO,
        }
    }

    /// Reads the edited pages again and writes what they reach.
    fn pages(&mut self, rels: &[String]) -> Outcome {
        let started = Instant::now();
        let mut reached: Option<BTreeSet<Target>> = Some(BTreeSet::new());
        for rel in rels {
            let site = &self.workspace.site;
            let Some(index) = site.index_of(rel) else {
                return self.full(true);
            };
            let before = Shown::of(site, index);
            if self.workspace.reload(rel).is_none() {
                return self.full(true);
            }
            let site = &self.workspace.site;
            let after = Shown::of(site, index);
            match (preview::reached(site, index, &before, &after), &mut reached) {
                (Some(targets), Some(all)) => all.extend(targets),
                _ => reached = None,
            }
        }
        let loading = started.elapsed();
        let findings = self.workspace.findings();
        let Some(reached) = reached else {
            self.pending_all = true;
            return if findings.failed(false) {
                self.failed(findings, started, true)
            } else {
                self.full(false)
            };
        };
        self.pending.extend(reached);
        if findings.failed(false) {
            return self.failed(findings, started, false);
        }
        if self.pending_all {
            return self.full(false);
        }
        let targets: Vec<Target> = std::mem::take(&mut self.pending).into_iter().collect();
        let mut findings = findings;
        findings.extend(self.write(&targets));
        let ok = !findings.failed(false);
        Outcome {
            ok,
            findings,
            written: targets.len(),
            elapsed: started.elapsed(),
            loading,
        }
    }

    /// Writes the search index into the served folder, unless `stop` says to give up.
    fn search(&self, stop: &dyn Fn() -> bool) -> Option<Vec<crate::findings::Finding>> {
        Folder(self.out.clone()).search(&self.workspace.site, stop)
    }

    /// Writes `targets` of the current site into the served folder.
    fn write(&self, targets: &[Target]) -> Vec<crate::findings::Finding> {
        match &self.renderer {
            Some(renderer) => publish::render(
                &self.workspace.site,
                &self.dir,
                renderer,
                targets,
                &Folder(self.out.clone()),
            ),
            None => Vec::new(),
        }
    }

    fn failed(&mut self, findings: Findings, started: Instant, all: bool) -> Outcome {
        self.pending_all |= all;
        Outcome {
            ok: false,
            findings,
            written: 0,
            elapsed: started.elapsed(),
            loading: Duration::ZERO,
        }
    }

    /// Tells the terminal and the open pages how the rebuild went.
    fn announce(&self, outcome: &Outcome, live: &http::Live, what: &str) {
        let mut findings = outcome.findings.clone();
        findings.finish();
        let ms = outcome.elapsed.as_millis();
        let what = if what.is_empty() {
            String::new()
        } else {
            format!(" after a change to {what}")
        };
        if outcome.ok {
            // The warnings once, at the first build; after it only their count.
            if what.is_empty() {
                eprint!("{}", report::text(&findings));
            }
            let loading = match outcome.loading.as_millis() {
                0 => String::new(),
                ms => format!(", {ms} ms of it reading and resolving"),
            };
            println!(
                "bitacora: rebuilt{what}: {} outputs written in {ms} ms{loading} ({})",
                outcome.written,
                findings.summary()
            );
            live.publish(None);
        } else {
            let mut errors = Findings::default();
            errors.extend(findings.items().iter().filter(|f| f.is_error()).cloned());
            let text = report::text(&errors);
            eprint!("{text}");
            eprintln!(
                "bitacora: not rebuilt{what} ({}); still serving the last good site",
                findings.summary()
            );
            live.publish(Some(format!(
                "{text}bitacora: {}; still showing the last good site",
                findings.summary()
            )));
        }
    }
}

/// Loads the site as `serve` shows it: published at the local address.
fn load(
    dir: &Path,
    now: Option<&str>,
    drafts: bool,
    address: &str,
) -> Result<Workspace, crate::findings::Finding> {
    let mut workspace = BuildTime::read(now).and_then(|when| Workspace::load(dir, when, drafts))?;
    workspace.site.config.base_url = address.to_string();
    Ok(workspace)
}
