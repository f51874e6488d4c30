//! Times `bitacora serve` from saving a page to that page reloaded in headless
//! Chromium: the save's wall-clock time against the reloaded page's
//! DOMContentLoaded, on the same machine's clock.
//! usage: cargo build --release && cargo run --release --example serve -- SITE_DIR [EDITS]
//! The site's first runbook (in file order) is edited, a line appended each time, and
//! put back as it was at the end.

#[path = "chromium.rs"]
mod chromium;
use std::ffi::OsStr;
use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

const PORT: u16 = 1187;

fn main() {
    let mut args = std::env::args().skip(1);
    let site = PathBuf::from(args.next().expect("the site folder"));
    let edits: usize = args
        .next()
        .map(|n| n.parse().expect("a count"))
        .unwrap_or(10);
    let runbooks = site.join("content/runbooks");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&runbooks)
        .expect("content/runbooks")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension() == Some(OsStr::new("md")))
        .collect();
    files.sort();
    let file = files.first().expect("a runbook").clone();
    // Markers left by a run that was stopped half-way are taken out first.
    let original: String = std::fs::read_to_string(&file)
        .unwrap()
        .split("\n\nedit-marker-")
        .next()
        .unwrap()
        .to_string();
    let stem = file.file_stem().unwrap().to_string_lossy().to_lowercase();
    let url = format!("http://127.0.0.1:{PORT}/runbooks/{stem}/");

    let bin = std::env::current_exe()
        .unwrap()
        .parent()
        .unwrap()
        .parent()
        .unwrap()
        .join("bitacora");
    let started = Instant::now();
    let mut serve = Command::new(&bin)
        .args(["serve", "--port", &PORT.to_string(), "--output"])
        .arg(std::env::temp_dir().join("bitacora-serve-bench"))
        .current_dir(&site)
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("target/release/bitacora: build it first");
    let mut lines = BufReader::new(serve.stdout.take().unwrap()).lines();
    for line in lines.by_ref() {
        let line = line.unwrap();
        println!("{line}");
        if line.contains("serving") {
            break;
        }
    }
    println!(
        "first build and start: {:.1} s",
        started.elapsed().as_secs_f64()
    );
    let log = std::thread::spawn(move || {
        for line in lines.map_while(Result::ok) {
            println!("  serve: {line}");
        }
    });

    let (browser, _profile) = chromium::launch("/usr/bin/chromium".into());
    let tab = browser.new_tab().unwrap();
    tab.navigate_to(&url)
        .unwrap()
        .wait_until_navigated()
        .unwrap();
    let mut times = Vec::new();
    for n in 0..edits {
        // Each edit on a server at rest: the search index of the edit before (made
        // once the folder has been quiet for a second) is done.
        std::thread::sleep(Duration::from_millis(4000));
        let marker = format!("edit-marker-{n}");
        let saved = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap()
            .as_secs_f64()
            * 1000.0;
        std::fs::write(&file, format!("{original}\n\n{marker}\n")).unwrap();
        let probe = format!(
            "document.body.innerText.includes('{marker}') ? \
             performance.timeOrigin + ' ' + performance.getEntriesByType('navigation')[0].domContentLoadedEventEnd + ' ' + JSON.stringify(performance.getEntriesByType('navigation')[0]) : ''"
        );
        let deadline = Instant::now() + Duration::from_secs(30);
        let loaded = loop {
            let value = tab
                .evaluate(&probe, false)
                .ok()
                .and_then(|r| r.value)
                .and_then(|v| {
                    let mut parts = v.as_str()?.splitn(3, ' ');
                    let origin = parts.next()?.parse::<f64>().ok()?;
                    let load = parts.next()?.parse::<f64>().ok()?;
                    if std::env::var_os("NAV_TIMING").is_some() {
                        println!("{}", parts.next()?);
                    }
                    Some((origin, load))
                });
            if let Some(value) = value.filter(|v| v.1 > 0.0) {
                break value;
            }
            assert!(Instant::now() < deadline, "the page never showed the edit");
            std::thread::sleep(Duration::from_millis(5));
        };
        let (origin, load) = loaded;
        times.push(origin + load - saved);
        println!(
            "edit {n}: saved → reloaded {:.0} ms (reload asked {:.0} ms after the save; the page then took {load:.0} ms)",
            origin + load - saved,
            origin - saved
        );
    }
    std::fs::write(&file, &original).unwrap();
    std::thread::sleep(Duration::from_millis(500));
    let _ = serve.kill();
    let _ = serve.wait();
    let _ = log.join();
    times.sort_by(f64::total_cmp);
    println!(
        "save → reload over {} edits: median {:.0} ms, min {:.0}, max {:.0}",
        times.len(),
        times[times.len() / 2],
        times[0],
        times[times.len() - 1]
    );
}
