//! Publishing under a sub-path: the example portal built with a `--base-url` that
//! ends in `/docs/`, served under `/docs/` only, and every link followed.

mod common;

use std::collections::{BTreeSet, VecDeque};
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::PathBuf;

const PREFIX: &str = "/docs/";

/// Serves `root` under `PREFIX` and nothing else, like a Pages host for a project.
fn serve(root: PathBuf, listener: TcpListener) {
    let server = tiny_http::Server::from_listener(listener, None).unwrap();
    std::thread::spawn(move || {
        for request in server.incoming_requests() {
            let path = request
                .url()
                .split(['?', '#'])
                .next()
                .unwrap_or("")
                .to_string();
            let decoded = percent_encoding::percent_decode_str(&path)
                .decode_utf8_lossy()
                .into_owned();
            let file = decoded.strip_prefix(PREFIX).and_then(|rel| {
                if rel.split('/').any(|part| part == "..") {
                    return None;
                }
                let mut file = root.join(rel);
                if file.is_dir() {
                    file = file.join("index.html");
                }
                file.is_file().then_some(file)
            });
            let response = match file.and_then(|f| std::fs::read(f).ok()) {
                Some(bytes) => tiny_http::Response::from_data(bytes).with_status_code(200),
                None => tiny_http::Response::from_data(b"not found".to_vec()).with_status_code(404),
            };
            let _ = request.respond(response);
        }
    });
}

fn get(port: u16, path: &str) -> (u16, Vec<u8>) {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    write!(stream, "GET {path} HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n").unwrap();
    let mut response = Vec::new();
    stream.read_to_end(&mut response).unwrap();
    let head_end = response.windows(4).position(|w| w == b"\r\n\r\n").unwrap();
    let head = String::from_utf8_lossy(&response[..head_end]).into_owned();
    let status = head.split_whitespace().nth(1).unwrap().parse().unwrap();
    (status, response[head_end + 4..].to_vec())
}

/// `href` as a path on this host, from the page at `from`; None for other hosts,
/// mail links and in-page anchors.
fn resolve(from: &str, href: &str, origin: &str) -> Option<String> {
    let href = href
        .split('#')
        .next()
        .unwrap_or("")
        .split('?')
        .next()
        .unwrap_or("");
    if href.is_empty() {
        return None;
    }
    let path = if let Some(rest) = href.strip_prefix(origin) {
        rest.to_string()
    } else if href.contains("://") || href.starts_with("mailto:") || href.starts_with("data:") {
        return None;
    } else if href.starts_with('/') {
        href.to_string()
    } else {
        let dir = &from[..from.rfind('/').unwrap() + 1];
        format!("{dir}{href}")
    };
    // Normalise `.` and `..`.
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split('/').skip(1) {
        match part {
            "." => {}
            ".." => {
                parts.pop();
            }
            p => parts.push(p),
        }
    }
    Some(format!("/{}", parts.join("/")))
}

#[test]
fn a_site_built_for_a_sub_path_works_under_it_link_by_link() {
    let out = tempfile::tempdir().unwrap();
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let origin = format!("http://127.0.0.1:{port}");
    let base = format!("{origin}{PREFIX}");
    common::build_example(out.path(), &["--base-url", &base]);
    serve(out.path().to_path_buf(), listener);

    let selector =
        scraper::Selector::parse("a[href], link[href], script[src], img[src], iframe[src]")
            .unwrap();
    let mut seen: BTreeSet<String> = BTreeSet::new();
    let mut queue: VecDeque<(String, String)> =
        VecDeque::from([(PREFIX.to_string(), "start".to_string())]);
    let mut broken: Vec<String> = Vec::new();
    let mut pages = 0;
    while let Some((path, from)) = queue.pop_front() {
        if !seen.insert(path.clone()) {
            continue;
        }
        if !path.starts_with(PREFIX) {
            broken.push(format!("{path} (outside {PREFIX}, linked from {from})"));
            continue;
        }
        let (status, body) = get(port, &path);
        if status != 200 {
            broken.push(format!("{path}: {status} (linked from {from})"));
            continue;
        }
        let is_html = path.ends_with('/') || path.ends_with(".html");
        if !is_html {
            continue;
        }
        pages += 1;
        let html = scraper::Html::parse_document(&String::from_utf8_lossy(&body));
        // Links resolve against `<base href>` where a page has one (the forms do).
        let base_tag = scraper::Selector::parse("base[href]").unwrap();
        let against = html
            .select(&base_tag)
            .next()
            .and_then(|b| resolve(&path, b.value().attr("href").unwrap_or(""), &origin))
            .map(|b| if b.ends_with('/') { b } else { format!("{b}/") })
            .unwrap_or_else(|| path.clone());
        for element in html.select(&selector) {
            let value = element.value();
            let href = value
                .attr("href")
                .or_else(|| value.attr("src"))
                .unwrap_or("");
            if let Some(target) = resolve(&against, href, &origin) {
                queue.push_back((target, path.clone()));
            }
        }
    }
    assert!(
        broken.is_empty(),
        "{} broken:\n{}",
        broken.len(),
        broken.join("\n")
    );
    assert!(pages > 40, "only {pages} pages reached");
    // Absolute addresses (canonical, sitemap, feeds) carry the sub-path.
    let (_, home) = get(port, PREFIX);
    let home = scraper::Html::parse_document(&String::from_utf8_lossy(&home));
    let canonical = scraper::Selector::parse("link[rel=canonical]").unwrap();
    let canonical = home
        .select(&canonical)
        .next()
        .and_then(|l| l.value().attr("href"));
    assert_eq!(canonical, Some(base.as_str()));
    let (status, sitemap) = get(port, "/docs/sitemap.xml");
    assert_eq!(status, 200);
    let sitemap = String::from_utf8_lossy(&sitemap).into_owned();
    let locs: Vec<&str> = sitemap
        .split("<loc>")
        .skip(1)
        .map(|l| l.split("</loc>").next().unwrap())
        .collect();
    assert!(locs.len() > 20);
    for loc in locs {
        let path = loc.strip_prefix(&origin).unwrap_or_else(|| panic!("{loc}"));
        assert_eq!(get(port, path).0, 200, "{loc}");
    }
    // Nothing is served outside the sub-path: the root of the host is not the site.
    assert_eq!(get(port, "/").0, 404);
}
