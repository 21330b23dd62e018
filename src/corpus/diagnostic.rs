//! Problems found while loading a FAQ folder, each with the place it was found.

use std::fmt;
use std::path::{Path, PathBuf};

/// How serious a problem is: errors stop a corpus from loading, warnings do not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The corpus is not loaded (or a reload keeps the old one).
    Error,
    /// Worth fixing, but the corpus still loads.
    Warning,
}

/// One problem, with its file, line and column (1-based) and the field it concerns.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// The file, as given (relative to where the folder was named).
    pub file: PathBuf,
    /// 1-based line, 0 when the problem concerns the file as a whole.
    pub line: usize,
    /// 1-based column, 0 when unknown.
    pub column: usize,
    /// The field concerned, e.g. `entry[3].answer` or `role[mlt].attributes.pay`.
    pub field: String,
    /// What is wrong, in words a moderator understands.
    pub message: String,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, "{}", self.file.display())?;
        if self.line > 0 {
            write!(f, ":{}", self.line)?;
            if self.column > 0 {
                write!(f, ":{}", self.column)?;
            }
        }
        if self.field.is_empty() {
            write!(f, ": {kind}: {}", self.message)
        } else {
            write!(f, ": {kind}: {}: {}", self.field, self.message)
        }
    }
}

/// Loading failed: every error found (and the warnings seen on the way).
#[derive(Debug, Clone, thiserror::Error)]
#[error("{} error(s) in the FAQ folder:\n{}", count_errors(.diagnostics), render(.diagnostics))]
pub struct LoadError {
    /// All problems found, errors first then warnings, each group in file order.
    pub diagnostics: Vec<Diagnostic>,
}

impl LoadError {
    /// Only the errors.
    pub fn errors(&self) -> impl Iterator<Item = &Diagnostic> {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
    }
}

fn count_errors(diagnostics: &[Diagnostic]) -> usize {
    diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count()
}

fn render(diagnostics: &[Diagnostic]) -> String {
    diagnostics
        .iter()
        .map(|d| format!("  {d}"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Turns byte offsets of one file into 1-based line and column numbers.
pub(crate) struct LineIndex {
    starts: Vec<usize>,
    text: String,
}

impl LineIndex {
    pub(crate) fn new(text: &str) -> Self {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        LineIndex {
            starts,
            text: text.to_string(),
        }
    }

    /// Line and column (both 1-based; column counted in characters) of a byte offset.
    pub(crate) fn locate(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        let line = self.starts.partition_point(|&s| s <= offset);
        let start = self.starts[line - 1];
        let column = self
            .text
            .get(start..offset)
            .map(|s| s.chars().count())
            .unwrap_or(0)
            + 1;
        (line, column)
    }
}

/// Collects diagnostics for one file.
pub(crate) struct Reporter<'a> {
    pub(crate) file: &'a Path,
    pub(crate) lines: &'a LineIndex,
    pub(crate) out: &'a mut Vec<Diagnostic>,
}

impl Reporter<'_> {
    pub(crate) fn at(
        &mut self,
        severity: Severity,
        span: Option<std::ops::Range<usize>>,
        field: impl Into<String>,
        message: impl Into<String>,
    ) {
        let (line, column) = span.map_or((0, 0), |s| self.lines.locate(s.start));
        self.out.push(Diagnostic {
            severity,
            file: self.file.to_path_buf(),
            line,
            column,
            field: field.into(),
            message: message.into(),
        });
    }

    pub(crate) fn error(
        &mut self,
        span: Option<std::ops::Range<usize>>,
        field: impl Into<String>,
        message: impl Into<String>,
    ) {
        self.at(Severity::Error, span, field, message);
    }

    pub(crate) fn warning(
        &mut self,
        span: Option<std::ops::Range<usize>>,
        field: impl Into<String>,
        message: impl Into<String>,
    ) {
        self.at(Severity::Warning, span, field, message);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locate_counts_lines_and_columns_from_one() {
        let idx = LineIndex::new("ab\ncdé\nf");
        assert_eq!(idx.locate(0), (1, 1));
        assert_eq!(idx.locate(3), (2, 1));
        assert_eq!(idx.locate(5), (2, 3));
        assert_eq!(idx.locate(8), (3, 1));
    }
}
