//! A change is validated exactly as the files are: the FAQ folder is copied to a temporary
//! folder with the changed files in place and loaded there by [`crate::faq::load`] (every step:
//! files, index, lint, `checks.txt`), with the rules the served FAQ is held to. Only when that
//! passes is anything written, each file atomically.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::corpus::{self, Diagnostic, Severity};
use crate::faq::{self, Rules};
use crate::faq_checks::CHECKS_FILE;

/// Loads `dir` with `replaced` files (path in `dir`, new text) swapped in. Diagnostics name the
/// files of `dir`, not of the temporary copy. Returns the warnings, or every error (without the
/// warnings).
pub(super) fn validate(
    dir: &Path,
    replaced: &[(PathBuf, String)],
    rules: &Rules,
) -> Result<Vec<Diagnostic>, Vec<Diagnostic>> {
    let io_error = |e: std::io::Error| {
        vec![Diagnostic {
            severity: Severity::Error,
            file: dir.to_path_buf(),
            line: 0,
            column: 0,
            field: String::new(),
            message: format!("cannot prepare the change for checking: {e}"),
        }]
    };
    let copy = tempfile::Builder::new()
        .prefix("faqbot-candidate-")
        .tempdir()
        .map_err(io_error)?;
    // What the loader reads, and nothing else (no swap files, no `..data` links).
    let mut files = corpus::faq_files(dir).map_err(io_error)?;
    let checks = dir.join(CHECKS_FILE);
    if checks.is_file() {
        files.push(checks);
    }
    for path in &files {
        let Some(name) = path.file_name() else {
            continue;
        };
        if !replaced.iter().any(|(p, _)| p == path) {
            std::fs::copy(path, copy.path().join(name)).map_err(io_error)?;
        }
    }
    for (path, text) in replaced {
        let name = path.file_name().unwrap_or_default();
        std::fs::write(copy.path().join(name), text).map_err(io_error)?;
    }

    let shown = |mut d: Diagnostic| {
        if let Ok(rest) = d.file.strip_prefix(copy.path()) {
            d.file = dir.join(rest);
        }
        d
    };
    match faq::load(copy.path(), rules) {
        Ok(loaded) => Ok(loaded.warnings.into_iter().map(shown).collect()),
        Err(e) => Err(e.errors().cloned().map(shown).collect()),
    }
}

/// Replaces `path` with `contents` atomically: a temporary file in the same folder (so a
/// half-written file is never read, and the file watcher ignores it), flushed to disk, given the
/// old file's permissions, then renamed over the old file.
pub(super) fn write_atomic(path: &Path, contents: &[u8]) -> std::io::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut tmp = tempfile::Builder::new()
        .prefix(&format!(".{name}."))
        .suffix(".faqbot-tmp")
        .tempfile_in(dir)?;
    tmp.write_all(contents)?;
    tmp.as_file().sync_all()?;
    if let Ok(meta) = std::fs::metadata(path) {
        tmp.as_file().set_permissions(meta.permissions())?;
    }
    tmp.persist(path).map_err(|e| e.error)?;
    if let Ok(d) = std::fs::File::open(dir) {
        let _ = d.sync_all(); // the rename itself, on filesystems that need it
    }
    Ok(())
}
