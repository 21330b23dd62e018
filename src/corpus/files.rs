//! Which files of a FAQ folder are FAQ files, and reading and parsing one.
//!
//! Every place that reads the folder (the loader, the file watcher, the edit path's candidate
//! copy, the list of topic files) asks [`is_faq_file_name`], so a file one of them ignores is
//! ignored by all.

use std::path::{Path, PathBuf};

use super::diagnostic::{Diagnostic, LineIndex, Reporter, Severity};

/// True for the name of a file the FAQ is read from: `NAME.toml`, where `NAME` starts with
/// neither `.` nor `#`.
///
/// Left out, so they never break the FAQ: dotfiles, among them Kubernetes' `..data` link and
/// macOS AppleDouble files (`._jobs.toml`, binary, written beside every file copied over SMB,
/// exFAT or a zip); editor swap, lock and backup files (`.jobs.toml.swp`, `.#jobs.toml`,
/// `#jobs.toml#`, `jobs.toml~`, `jobs.toml.bak`).
pub fn is_faq_file_name(name: &str) -> bool {
    name.len() > ".toml".len()
        && name.ends_with(".toml")
        && !name.starts_with('.')
        && !name.starts_with('#')
}

/// The FAQ files of `dir` (see [`is_faq_file_name`]), sorted by name so loading is
/// deterministic. Symbolic links are followed: Kubernetes mounts a ConfigMap's files as links
/// through `..data`.
pub fn faq_files(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)?
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_str().is_some_and(is_faq_file_name))
        .map(|e| e.path())
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    Ok(files)
}

/// An error about a file as a whole (no line).
pub(super) fn file_error(file: &Path, message: String) -> Diagnostic {
    Diagnostic {
        severity: Severity::Error,
        file: file.to_path_buf(),
        line: 0,
        column: 0,
        field: String::new(),
        message,
    }
}

/// The file's text, or `None` (with the error) when there is nothing to check.
///
/// A file that is not valid UTF-8 is an error at the line and column of the first bad byte; its
/// text is still returned (bad bytes replaced by U+FFFD) so that the rest of it is checked and
/// its entries stay known to the other files. An empty file (nothing but whitespace) is an error
/// of its own: it is what a failed copy or an interrupted save leaves, and read as TOML it would
/// quietly drop a whole topic.
pub(super) fn read(path: &Path, out: &mut Vec<Diagnostic>) -> Option<String> {
    let bytes = match std::fs::read(path) {
        Ok(bytes) => bytes,
        Err(e) => {
            out.push(file_error(path, format!("cannot read: {e}")));
            return None;
        }
    };
    if bytes.iter().all(u8::is_ascii_whitespace) {
        let what = if bytes.is_empty() {
            "is empty (0 bytes)".to_string()
        } else {
            format!("is empty ({} bytes of whitespace only)", bytes.len())
        };
        out.push(file_error(
            path,
            format!("{what}: was a copy or save interrupted? Put its content back or delete it"),
        ));
        return None;
    }
    match String::from_utf8(bytes) {
        Ok(text) => Some(text),
        Err(e) => {
            let bad = e.utf8_error().valid_up_to();
            let bytes = e.into_bytes();
            let valid = std::str::from_utf8(&bytes[..bad]).unwrap_or_default();
            let (line, column) = LineIndex::new(valid).locate(bad);
            out.push(Diagnostic {
                severity: Severity::Error,
                file: path.to_path_buf(),
                line,
                column,
                field: String::new(),
                message: format!(
                    "not valid UTF-8: byte 0x{:02X} (the file may be saved as Latin-1 or \
                     Windows-1252; save it as UTF-8)",
                    bytes[bad]
                ),
            });
            Some(String::from_utf8_lossy(&bytes).into_owned())
        }
    }
}

/// The file parsed as `T`, or `None` with the TOML or type error at its place.
pub(super) fn parse<T: serde::de::DeserializeOwned>(
    text: &str,
    rep: &mut Reporter<'_>,
) -> Option<T> {
    match toml::from_str::<T>(text) {
        Ok(raw) => Some(raw),
        Err(e) => {
            // The message of a TOML error is one line; the span points at the offending place.
            let message = toml_message(&e);
            let field = unknown_or_missing_field(&message);
            rep.error(e.span(), field, message);
            None
        }
    }
}

/// The one-line message of a TOML error (its lines joined by "; "). Some syntax errors (a
/// control character in a comment) have an empty `message()`; their description is then taken
/// from the full report, whose other lines are the location and a snippet of the file.
fn toml_message(e: &toml::de::Error) -> String {
    let message: Vec<&str> = e
        .message()
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    if !message.is_empty() {
        return message.join("; ");
    }
    let report = e.to_string();
    let described: Vec<&str> = report
        .lines()
        .map(str::trim)
        .filter(|l| {
            !l.is_empty()
                && !l.starts_with("TOML parse error")
                && !l.starts_with('|')
                && !l.chars().next().is_some_and(|c| c.is_ascii_digit())
        })
        .collect();
    if described.is_empty() {
        "invalid TOML syntax here".to_string()
    } else {
        described.join("; ")
    }
}

/// Pulls the field name out of serde's "unknown field `x`" / "missing field `x`" messages.
fn unknown_or_missing_field(message: &str) -> String {
    message
        .split('`')
        .nth(1)
        .filter(|_| message.contains("field"))
        .unwrap_or("")
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn side_files_are_not_faq_files() {
        for name in ["jobs.toml", "roles.toml", "a.b.toml", "x-1.toml"] {
            assert!(is_faq_file_name(name), "{name}");
        }
        for name in [
            "._jobs.toml",
            ".jobs.toml.swp",
            ".jobs.toml.swx",
            ".#jobs.toml",
            "#jobs.toml#",
            "jobs.toml~",
            "jobs.toml.bak",
            ".hidden.toml",
            "..data",
            ".toml",
            "checks.txt",
            "jobs.TOML.orig",
        ] {
            assert!(!is_faq_file_name(name), "{name}");
        }
    }

    #[test]
    fn every_toml_syntax_error_has_a_message() {
        for text in [
            "#\u{1c}9\t",
            "a = \"\u{1}\"",
            "[[entry]\n",
            "a = 1\na = 2",
            "= 3",
        ] {
            let e = toml::from_str::<toml::Value>(text).unwrap_err();
            let message = toml_message(&e);
            assert!(!message.trim().is_empty(), "{text:?}: {e}");
            assert!(!message.contains('\n'), "{message:?}");
        }
    }
}
