//! A change is validated as the files would be: the FAQ folder is copied to a temporary folder
//! with the changed files in place, loaded with the real corpus loader and run against
//! `checks.txt`. Only then is anything written, each file atomically.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::corpus::{self, Diagnostic, Severity};
use crate::faq_checks::{self, CHECKS_FILE};
use crate::matcher::{Index, Thresholds};

/// Loads `dir` with `replaced` files (path in `dir`, new text) swapped in and runs the checks.
/// Diagnostics name the files of `dir`, not of the temporary copy. Returns the warnings, or
/// every error.
pub(super) fn validate(
    dir: &Path,
    replaced: &[(PathBuf, String)],
    thresholds: &Thresholds,
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
    for item in std::fs::read_dir(dir).map_err(io_error)? {
        let path = item.map_err(io_error)?.path();
        let Some(name) = path.file_name() else {
            continue;
        };
        let wanted = path.extension().is_some_and(|x| x == "toml")
            || name == std::ffi::OsStr::new(CHECKS_FILE);
        if !wanted || !path.is_file() {
            continue;
        }
        if !replaced.iter().any(|(p, _)| p == &path) {
            std::fs::copy(&path, copy.path().join(name)).map_err(io_error)?;
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
    let loaded = corpus::load_dir(copy.path(), &crate::limits::FAQ_TEXT)
        .map_err(|e| e.diagnostics.into_iter().map(shown).collect::<Vec<_>>())?;
    let warnings: Vec<Diagnostic> = loaded.warnings.into_iter().map(shown).collect();
    let index = Index::build(loaded.corpus);
    let checks = faq_checks::run(copy.path(), dir, &index, thresholds);
    if checks.failures.is_empty() {
        Ok(warnings)
    } else {
        Err(checks.failures)
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
