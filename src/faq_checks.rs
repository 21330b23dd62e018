//! Regression questions for moderators: `checks.txt` in the FAQ folder, in the [`crate::eval`]
//! format (`question :: expected ; expected`, or `question :: -` for a decline).
//!
//! `faqbot check`, reloads (`/faq reload`, the file watcher) and edits from Discord run it against
//! the candidate corpus; every failing question is reported like a validation error, at its
//! line of `checks.txt`, and the change is refused.

use std::path::Path;

use crate::corpus::{Diagnostic, Severity};
use crate::eval::{self, Verdict};
use crate::matcher::{Index, Thresholds};
use crate::reply::Reply;

/// The checks file in a FAQ folder.
pub const CHECKS_FILE: &str = "checks.txt";

/// What running the checks found.
#[derive(Debug, Clone, Default)]
pub struct CheckReport {
    /// Questions checked (0 when the folder has no checks file).
    pub checked: usize,
    /// One error per failing question (or per unreadable line), at its line of `checks.txt`.
    pub failures: Vec<Diagnostic>,
}

/// Runs `dir/checks.txt` against `index`. A folder without the file passes with nothing checked.
/// (Part of loading a FAQ: [`crate::faq::load`] runs it.)
pub fn run(dir: &Path, index: &Index, thresholds: &Thresholds) -> CheckReport {
    let file = dir.join(CHECKS_FILE);
    let error = |line: usize, message: String| Diagnostic {
        severity: Severity::Error,
        file: file.clone(),
        line,
        column: 0,
        field: "check".into(),
        message,
    };
    let text = match std::fs::read_to_string(&file) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return CheckReport::default(),
        Err(e) => {
            return CheckReport {
                checked: 0,
                failures: vec![error(0, format!("cannot read: {e}"))],
            }
        }
    };
    let cases = match eval::parse(&text) {
        Ok(cases) => cases,
        Err(e) => {
            return CheckReport {
                checked: 0,
                failures: vec![error(e.line, e.message)],
            }
        }
    };
    let (outcomes, _) = eval::run(index, thresholds, &cases);
    let failures = outcomes
        .iter()
        .filter(|o| o.verdict != Verdict::Correct)
        .map(|o| error(o.case.line, describe(&o.case, &o.reply)))
        .collect();
    CheckReport {
        checked: cases.len(),
        failures,
    }
}

/// "… should …, but …" in words a moderator acts on.
fn describe(case: &eval::Case, reply: &Reply) -> String {
    let got = match reply {
        Reply::Answer(a) => format!("it was answered with entry `{}`", a.id),
        Reply::Clarify(c) => format!(
            "it got \"did you mean\" suggestions ({})",
            c.suggestions
                .iter()
                .map(|s| format!("`{}`", s.id))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        Reply::Decline(_) => "it was declined".to_string(),
    };
    match &case.expected {
        None => format!("\"{}\" should be declined, but {got}", case.question),
        Some(items) => {
            let wanted = items
                .iter()
                .map(|alts| format!("\"{}\"", alts.join("\" or \"")))
                .collect::<Vec<_>>()
                .join(" and ");
            format!(
                "\"{}\" should be answered with {wanted} in the answer, but {got}",
                case.question
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_failure_names_the_question_the_expectation_and_what_happened() {
        let case = eval::Case {
            line: 3,
            question: "how long is mlt school".into(),
            expected: Some(vec![vec!["two years".into(), "2 years".into()]]),
        };
        let reply = Reply::Decline(crate::reply::Decline {
            reason: crate::reply::DeclineReason::NoMatch,
            best_score: 0.0,
            suggestions: Vec::new(),
        });
        assert_eq!(
            describe(&case, &reply),
            "\"how long is mlt school\" should be answered with \"two years\" or \"2 years\" in the answer, but it was declined"
        );
    }
}
