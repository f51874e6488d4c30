//! The preview server: the built folder over HTTP on 127.0.0.1, each HTML page with a
//! small script that waits for the next rebuild and then reloads the page, or shows
//! the content's errors over it when the rebuild failed.

use std::io;
use std::path::{Component, Path, PathBuf};
use std::sync::{Arc, Condvar, Mutex};
use std::time::Duration;
use tiny_http::{Header, Request, Response, Server, StatusCode};

/// Where the live-reload script and its wait live; no site writes there.
const PREFIX: &str = "/__bitacora/";
/// How long a wait is held before the page asks again.
const HOLD: Duration = Duration::from_secs(25);

/// The state pages wait on: bumped on every rebuild, with the errors of a failed one.
#[derive(Default)]
pub struct Live {
    state: Mutex<State>,
    changed: Condvar,
}

#[derive(Debug, Clone, Default, serde::Serialize)]
struct State {
    version: u64,
    /// The findings of the last rebuild when it failed (the site served is the last
    /// good one).
    errors: Option<String>,
}

impl Live {
    /// A rebuild finished: pages reload, or show `errors` when it failed.
    pub fn publish(&self, errors: Option<String>) {
        let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        state.version += 1;
        state.errors = errors;
        self.changed.notify_all();
    }

    /// Waits until the version is no longer `since`, or the hold is over.
    fn wait(&self, since: u64) -> State {
        let state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        let (state, _) = self
            .changed
            .wait_timeout_while(state, HOLD, |s| s.version == since)
            .unwrap_or_else(|e| e.into_inner());
        state.clone()
    }

    fn now(&self) -> State {
        self.state.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }
}

/// Listens on 127.0.0.1:`port`; the error says what to do when it is taken.
pub fn bind(port: u16) -> Result<Server, String> {
    let address = std::net::SocketAddr::from(([127, 0, 0, 1], port));
    let listener = listen(address).map_err(|e| {
        if e.kind() == io::ErrorKind::AddrInUse {
            format!(
                "port {port} on 127.0.0.1 is taken by another program (another `bitacora serve`?); \
                 stop it, or pick another port with --port"
            )
        } else {
            format!("cannot listen on 127.0.0.1:{port}: {e}")
        }
    })?;
    Server::from_listener(listener, None)
        .map_err(|e| format!("cannot serve on 127.0.0.1:{port}: {e}"))
}

/// A listening socket whose connections send at once: the server writes a
/// response's head and body apart, and with Nagle's algorithm the body would wait
/// for the head's acknowledgement (40 ms on Linux). Accepted connections take the
/// option from the listener.
fn listen(address: std::net::SocketAddr) -> io::Result<std::net::TcpListener> {
    use socket2::{Domain, Socket, Type};
    let socket = Socket::new(Domain::IPV4, Type::STREAM, None)?;
    socket.set_reuse_address(true)?;
    socket.set_tcp_nodelay(true)?;
    socket.bind(&address.into())?;
    socket.listen(128)?;
    Ok(socket.into())
}

/// Answers requests until the process ends, one thread each (a page's wait holds
/// its thread).
pub fn run(server: Server, root: PathBuf, live: Arc<Live>) {
    let root = Arc::new(root);
    for request in server.incoming_requests() {
        let (root, live) = (Arc::clone(&root), Arc::clone(&live));
        std::thread::spawn(move || answer(request, &root, &live));
    }
}

fn answer(request: Request, root: &Path, live: &Live) {
    let url = request.url().to_string();
    let (path, query) = url.split_once('?').unwrap_or((&url, ""));
    let response = if let Some(what) = path.strip_prefix(PREFIX) {
        match what {
            "live.js" => bytes(
                200,
                "text/javascript; charset=utf-8",
                LIVE_JS.as_bytes().to_vec(),
            ),
            "wait" => {
                let since = query
                    .split('&')
                    .find_map(|kv| kv.strip_prefix("since="))
                    .and_then(|v| v.parse().ok());
                let state = match since {
                    Some(since) => live.wait(since),
                    None => live.now(),
                };
                let json = serde_json::to_vec(&state).unwrap_or_default();
                bytes(200, "application/json", json)
            }
            _ => bytes(404, "text/plain; charset=utf-8", b"not found".to_vec()),
        }
    } else {
        file(root, path)
    };
    // The page may have gone (a closed tab); nothing to do about it.
    let _ = request.respond(response);
}

fn bytes(status: u16, mime: &str, body: Vec<u8>) -> Response<io::Cursor<Vec<u8>>> {
    let response = Response::from_data(body).with_status_code(StatusCode(status));
    let response = with_header(response, "Content-Type", mime);
    with_header(response, "Cache-Control", "no-store")
}

/// Adds a header, unless its value is not plain ASCII (then it is left out).
fn with_header<R: io::Read>(response: Response<R>, name: &str, value: &str) -> Response<R> {
    match Header::from_bytes(name.as_bytes(), value.as_bytes()) {
        Ok(h) => response.with_header(h),
        Err(()) => response,
    }
}

/// The file a URL path names under `root`: a folder's `index.html`, a folder
/// without its slash redirected to it, `404.html` when there is none.
fn file(root: &Path, path: &str) -> Response<io::Cursor<Vec<u8>>> {
    let decoded = percent_encoding::percent_decode_str(path).decode_utf8_lossy();
    let mut on_disk = root.to_path_buf();
    for part in Path::new(decoded.trim_start_matches('/')).components() {
        match part {
            Component::Normal(name) => on_disk.push(name),
            Component::CurDir => {}
            // Nothing above the served folder.
            _ => return not_found(root),
        }
    }
    if on_disk.is_dir() {
        if !path.ends_with('/') {
            let moved = bytes(301, "text/plain; charset=utf-8", Vec::new());
            return with_header(moved, "Location", &format!("{path}/"));
        }
        on_disk.push("index.html");
    }
    match std::fs::read(&on_disk) {
        Ok(body) => {
            let mime = mime(&on_disk);
            let body = if mime.starts_with("text/html") {
                with_live(body)
            } else {
                body
            };
            bytes(200, mime, body)
        }
        Err(_) => not_found(root),
    }
}

fn not_found(root: &Path) -> Response<io::Cursor<Vec<u8>>> {
    let body = std::fs::read(root.join(crate::site::NOT_FOUND))
        .map(with_live)
        .unwrap_or_else(|_| b"not found".to_vec());
    bytes(404, "text/html; charset=utf-8", body)
}

/// The page with the live-reload script at its end.
fn with_live(mut html: Vec<u8>) -> Vec<u8> {
    html.extend_from_slice(format!("<script src=\"{PREFIX}live.js\"></script>").as_bytes());
    html
}

fn mime(path: &Path) -> &'static str {
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "xml" => "application/xml",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "ico" => "image/x-icon",
        "pdf" => "application/pdf",
        "ics" => "text/calendar; charset=utf-8",
        "csv" => "text/csv; charset=utf-8",
        "txt" | "md" | "toml" | "yaml" | "yml" | "sh" => "text/plain; charset=utf-8",
        "woff2" => "font/woff2",
        "ttf" => "font/ttf",
        _ => "application/octet-stream",
    }
}

/// Waits for the next rebuild: reloads the page after a good one, and shows the
/// errors of a failed one over the page (which stays as last built).
const LIVE_JS: &str = r#"(function () {
  var box = null;
  function show(errors) {
    if (!box) {
      box = document.createElement("div");
      box.id = "bitacora-errors";
      box.setAttribute("role", "alert");
      box.style.cssText = "position:fixed;left:0;right:0;bottom:0;max-height:50vh;overflow:auto;z-index:99;margin:0;padding:1em;background:#2b0b0b;color:#ffe3e3;border-top:4px solid #e5484d;font:13px/1.5 monospace;white-space:pre-wrap";
      document.body.appendChild(box);
    }
    box.textContent = errors;
  }
  function wait(since) {
    fetch("/__bitacora/wait" + (since === null ? "" : "?since=" + since), { cache: "no-store" })
      .then(function (r) { return r.json(); })
      .then(function (s) {
        if (since !== null && s.version !== since && !s.errors) { location.reload(); return; }
        if (s.errors) { show(s.errors); } else if (box) { box.remove(); box = null; }
        wait(s.version);
      })
      .catch(function () { setTimeout(function () { wait(since); }, 1000); });
  }
  wait(null);
})();
"#;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_stay_inside_the_folder() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("404.html"), "missing").unwrap();
        std::fs::create_dir(dir.path().join("a")).unwrap();
        std::fs::write(dir.path().join("a/index.html"), "<p>a</p>").unwrap();
        let status = |p: &str| file(dir.path(), p).status_code().0;
        assert_eq!(status("/a/"), 200);
        assert_eq!(status("/a"), 301);
        assert_eq!(status("/%61/"), 200);
        assert_eq!(status("/../etc/passwd"), 404);
        assert_eq!(status("/a/%2e%2e/%2e%2e/x"), 404);
        assert_eq!(status("/nothing/"), 404);
    }

    #[test]
    fn a_wait_returns_on_publish() {
        let live = Arc::new(Live::default());
        let waiter = {
            let live = Arc::clone(&live);
            std::thread::spawn(move || live.wait(0))
        };
        std::thread::sleep(Duration::from_millis(50));
        live.publish(Some("content/a.md:3: broken link".into()));
        let state = waiter.join().unwrap();
        assert_eq!(state.version, 1);
        assert!(state.errors.unwrap().contains("broken link"));
    }
}
