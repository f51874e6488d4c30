//! Headless Chromium over DevTools, for the browser tests and the timing programs:
//! a profile of its own (kept while the returned folder lives) and no connections
//! of its own to the network.

use std::ffi::OsStr;
use std::path::PathBuf;

pub fn launch(path: PathBuf) -> (headless_chrome::Browser, tempfile::TempDir) {
    let profile = tempfile::tempdir().unwrap();
    let options = headless_chrome::LaunchOptions::default_builder()
        .path(Some(path))
        .headless(true)
        .sandbox(false)
        .user_data_dir(Some(profile.path().to_path_buf()))
        .idle_browser_timeout(std::time::Duration::from_secs(120))
        .args(
            [
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ]
            .iter()
            .map(OsStr::new)
            .collect(),
        )
        .build()
        .unwrap();
    (headless_chrome::Browser::new(options).unwrap(), profile)
}
