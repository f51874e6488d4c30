//! The output folder: refused when it is unsafe, written beside the old one, and
//! swapped in only when the whole build succeeded.

use crate::findings::Finding;
use std::io;
use std::path::{Path, PathBuf};

/// Written into every output folder, so that a later build knows the folder is its own
/// to replace.
pub const MARKER: &str = ".bitacora-output";

/// minify-html's settings for a finished page.
pub fn minify_config() -> minify_html::Cfg {
    let mut cfg = minify_html::Cfg::new();
    cfg.keep_closing_tags = true;
    cfg.keep_html_and_head_opening_tags = true;
    cfg.minify_css = false;
    cfg.minify_js = false;
    cfg
}

/// Minifies a built-in template once, its tera tags kept as they are. Only for
/// templates whose tags stand where minify-html sees them (never inside a tag).
pub fn minify_template(source: &str) -> String {
    let mut cfg = minify_config();
    cfg.preserve_brace_template_syntax = true;
    String::from_utf8(minify_html::minify(source.as_bytes(), &cfg))
        .unwrap_or_else(|_| source.to_string())
}

/// A new, empty folder with a name no other folder has: never one that was there.
fn fresh_folder(parent: &Path, prefix: &str) -> io::Result<PathBuf> {
    Ok(tempfile::Builder::new()
        .prefix(prefix)
        .tempdir_in(parent)?
        .keep())
}

/// A folder beside the output where the new site is written.
pub struct Staging {
    dir: PathBuf,
    out: PathBuf,
}

fn problem(out: &Path, message: String, hint: &str) -> Finding {
    Finding::error("output.folder", out.display().to_string(), message).hint(hint)
}

/// Absolute, with `..` and links resolved as far as the path exists.
fn absolute(path: &Path) -> io::Result<PathBuf> {
    let abs = std::path::absolute(path)?;
    let mut existing = abs.as_path();
    let mut rest = Vec::new();
    while !existing.exists() {
        match (existing.parent(), existing.file_name()) {
            (Some(parent), Some(name)) => {
                rest.push(name.to_owned());
                existing = parent;
            }
            _ => break,
        }
    }
    let mut out = existing
        .canonicalize()
        .unwrap_or_else(|_| existing.to_path_buf());
    for name in rest.into_iter().rev() {
        out.push(name);
    }
    Ok(out)
}

/// Refuses an output folder that is the filesystem root, the home folder, the site
/// or content folder or one of their parents, a folder inside `content/`, or an
/// existing folder that bitacora did not write.
pub fn check(site: &Path, out: &Path) -> Result<(), Finding> {
    let bad = |message: String, hint: &str| Err(problem(out, message, hint));
    let abs_out = absolute(out).map_err(|e| {
        problem(
            out,
            format!("cannot resolve the output folder: {e}"),
            "pass --output with a folder you can write",
        )
    })?;
    let abs_site = absolute(site).map_err(|e| {
        problem(
            site,
            format!("cannot resolve the site folder: {e}"),
            "pass --source with an existing folder",
        )
    })?;
    let content = abs_site.join("content");
    if abs_out.parent().is_none() {
        return bad(
            "refusing to write the site to the filesystem root".into(),
            "pass --output with a folder of its own, e.g. public",
        );
    }
    if let Some(home) = std::env::var_os("HOME").filter(|h| !h.is_empty()) {
        if absolute(Path::new(&home)).is_ok_and(|home| home == abs_out) {
            return bad(
                "refusing to write the site over the home folder".into(),
                "pass --output with a folder of its own, e.g. public",
            );
        }
    }
    if abs_site.starts_with(&abs_out) {
        return bad(
            "the output folder is the site folder or one of its parents; building would replace the sources".into(),
            "pass --output with a folder of its own, e.g. public",
        );
    }
    for (inside, name) in [
        (&abs_site.join("static"), "static/"),
        (&abs_site.join("templates"), "templates/"),
    ] {
        if abs_out.starts_with(inside) {
            return bad(
                format!("the output folder is inside {name}; the next build would copy the old site back into the new one"),
                "pass --output with a folder outside static/ and templates/, e.g. public",
            );
        }
    }
    if abs_out.starts_with(&content) {
        return bad(
            "the output folder is inside content/; its pages would be read back as content".into(),
            "pass --output with a folder outside content/, e.g. public",
        );
    }
    if abs_out.is_file() {
        return bad(
            "the output path is a file, not a folder".into(),
            "remove the file or pass another --output",
        );
    }
    if abs_out.is_dir() && !abs_out.join(MARKER).exists() {
        let empty = std::fs::read_dir(&abs_out)
            .map(|mut d| d.next().is_none())
            .unwrap_or(false);
        if !empty {
            return bad(
                "the output folder exists and was not written by bitacora; it would be replaced"
                    .into(),
                "move its files elsewhere, delete it, or pass another --output",
            );
        }
    }
    Ok(())
}

impl Staging {
    /// Creates an empty folder beside `out`.
    pub fn create(out: &Path) -> Result<Staging, Finding> {
        let out = std::path::absolute(out).unwrap_or_else(|_| out.to_path_buf());
        let name = out
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "public".into());
        let parent = out.parent().unwrap_or(Path::new(".")).to_path_buf();
        let made = (|| {
            std::fs::create_dir_all(&parent)?;
            let dir = fresh_folder(&parent, &format!(".{name}.new-"))?;
            std::fs::write(
                dir.join(MARKER),
                "This folder is written by bitacora and replaced on every build.\n",
            )?;
            Ok::<_, io::Error>(dir)
        })();
        let dir = made.map_err(|e| {
            problem(
                &out,
                format!("cannot create the build folder beside it: {e}"),
                "check that the folder's parent exists and is writable",
            )
        })?;
        Ok(Staging { dir, out })
    }

    /// Writes one file, `rel` being its path in the site.
    pub fn write(&self, rel: &str, bytes: &[u8]) -> Result<(), Finding> {
        self.put(rel, |path| std::fs::write(path, bytes))
            .map_err(|e| self.failed(format!("cannot write {rel}: {e}")))
    }

    /// Copies a file into the site at `rel`.
    pub fn copy(&self, from: &Path, rel: &str) -> Result<(), Finding> {
        self.put(rel, |path| std::fs::copy(from, path).map(|_| ()))
            .map_err(|e| self.failed(format!("cannot copy {} to {rel}: {e}", from.display())))
    }

    fn put(&self, rel: &str, make: impl FnOnce(&Path) -> io::Result<()>) -> io::Result<()> {
        let path = self.dir.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        make(&path)
    }

    fn failed(&self, message: String) -> Finding {
        problem(&self.out, message, "check free disk space and permissions")
    }

    /// Puts the new site in place of the old one.
    pub fn commit(self) -> Result<(), Finding> {
        let swap = || -> io::Result<()> {
            let parent = self.dir.parent().unwrap_or(Path::new("."));
            let name = self
                .out
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            // The old site moves onto an empty folder made for it, then goes.
            let old = fresh_folder(parent, &format!(".{name}.old-"))?;
            if self.out.exists() {
                std::fs::rename(&self.out, &old)?;
            }
            if let Err(e) = std::fs::rename(&self.dir, &self.out) {
                if old.exists() {
                    let _ = std::fs::rename(&old, &self.out);
                }
                return Err(e);
            }
            std::fs::remove_dir_all(&old)
        };
        swap().map_err(|e| {
            problem(
                &self.out,
                format!("cannot put the new site in place: {e}"),
                "check permissions on the output folder and its parent",
            )
        })
    }

    /// Drops the half-built site, leaving the old output as it was.
    pub fn abandon(self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}
