//! Scores a question file (the format of the dev set) against the matcher.
//!
//! Format, one question per line: `question :: expected ; expected` where each expected item
//! lists alternatives split by `|`, or `question :: -` for a question the bot must decline.
//! A reply is correct when it answers and every expected item has an alternative in the answer
//! text (case-insensitive), or when it declines a `-` question. Lines starting with `#` are comments.

use crate::matcher::{Index, Thresholds};
use crate::reply::Reply;

/// One line of a question file.
#[derive(Debug, Clone, PartialEq)]
pub struct Case {
    /// 1-based line number in the file.
    pub line: usize,
    /// The question.
    pub question: String,
    /// Expected items (each a list of alternatives); `None` when the bot must decline.
    pub expected: Option<Vec<Vec<String>>>,
}

/// A line that could not be read.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("line {line}: {message}")]
pub struct ParseError {
    /// 1-based line.
    pub line: usize,
    /// What is wrong.
    pub message: String,
}

/// Reads a question file.
pub fn parse(text: &str) -> Result<Vec<Case>, ParseError> {
    let mut cases = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let line_no = i + 1;
        let trimmed = line.trim();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let Some((question, expected)) = trimmed.rsplit_once("::") else {
            return Err(ParseError {
                line: line_no,
                message: "expected `question :: expected` (or `question :: -`)".into(),
            });
        };
        let question = question.trim().to_string();
        let expected = expected.trim();
        if question.is_empty() || expected.is_empty() {
            return Err(ParseError {
                line: line_no,
                message: "both the question and the expectation must be non-empty".into(),
            });
        }
        let expected = (expected != "-").then(|| {
            expected
                .split(';')
                .map(|item| {
                    item.split('|')
                        .map(|alt| alt.trim().to_lowercase())
                        .filter(|alt| !alt.is_empty())
                        .collect::<Vec<_>>()
                })
                .filter(|item| !item.is_empty())
                .collect()
        });
        cases.push(Case {
            line: line_no,
            question,
            expected,
        });
    }
    Ok(cases)
}

/// How one case went.
#[derive(Debug, Clone, PartialEq, Eq, Copy)]
pub enum Verdict {
    /// Answered with the expected facts, or declined as it should.
    Correct,
    /// Answered, but without the expected facts, or answered a question it should decline.
    Wrong,
    /// Offered suggestions instead of answering (not wrong, not right).
    Clarified,
    /// Declined a question it should answer.
    Declined,
}

/// The result of one case.
#[derive(Debug, Clone)]
pub struct Outcome {
    /// The case.
    pub case: Case,
    /// The bot's reply.
    pub reply: Reply,
    /// How it went.
    pub verdict: Verdict,
}

/// Totals of a run.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct Summary {
    /// Questions the bot should answer.
    pub in_scope: usize,
    /// Of those, answered with the expected facts.
    pub in_scope_correct: usize,
    /// Questions the bot should decline.
    pub out_of_scope: usize,
    /// Of those, declined.
    pub out_of_scope_declined: usize,
    /// Confident wrong answers (the worst outcome), in or out of scope.
    pub wrong_answers: usize,
    /// In-scope questions answered with suggestions.
    pub clarified: usize,
}

impl Summary {
    /// Share of in-scope questions answered correctly, 0..=1.
    pub fn in_scope_rate(&self) -> f64 {
        ratio(self.in_scope_correct, self.in_scope)
    }
    /// Share of out-of-scope questions declined, 0..=1.
    pub fn out_of_scope_rate(&self) -> f64 {
        ratio(self.out_of_scope_declined, self.out_of_scope)
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        1.0
    } else {
        a as f64 / b as f64
    }
}

/// Judges one reply against one case.
pub fn judge(case: &Case, reply: &Reply) -> Verdict {
    match (&case.expected, reply) {
        (None, Reply::Decline(_)) => Verdict::Correct,
        (None, Reply::Answer(_)) => Verdict::Wrong,
        // Suggestions for an off-topic question are not an answer; they are not a decline either.
        (None, Reply::Clarify(_)) => Verdict::Clarified,
        (Some(items), Reply::Answer(a)) => {
            let text = a.answer.to_lowercase();
            if items
                .iter()
                .all(|alts| alts.iter().any(|alt| text.contains(alt.as_str())))
            {
                Verdict::Correct
            } else {
                Verdict::Wrong
            }
        }
        (Some(_), Reply::Clarify(_)) => Verdict::Clarified,
        (Some(_), Reply::Decline(_)) => Verdict::Declined,
    }
}

impl Outcome {
    /// The line `faqbot eval` prints for this case: verdict, line number, question, outcome and
    /// the reply in brief (entry or suggestions with scores to two decimals, or why it declined),
    /// tab-separated.
    pub fn line(&self) -> String {
        format!(
            "{:?}\tline {}\t{}\t→ {} {}",
            self.verdict,
            self.case.line,
            self.case.question,
            self.reply.outcome(),
            crate::matcher::explain::brief(&self.reply)
        )
    }
}

impl std::fmt::Display for Summary {
    /// The totals line `faqbot eval` ends with.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "in scope: {}/{} answered correctly ({:.1}%), {} clarified; out of scope: {}/{} declined ({:.1}%); wrong answers: {}",
            self.in_scope_correct,
            self.in_scope,
            self.in_scope_rate() * 100.0,
            self.clarified,
            self.out_of_scope_declined,
            self.out_of_scope,
            self.out_of_scope_rate() * 100.0,
            self.wrong_answers
        )
    }
}

/// What `faqbot eval` prints: one [`Outcome::line`] per case (with `verbose`; else only the cases
/// not answered correctly), then the [`Summary`]; every line ends with a newline.
pub fn report(outcomes: &[Outcome], summary: &Summary, verbose: bool) -> String {
    let mut out = String::new();
    for o in outcomes {
        if verbose || o.verdict != Verdict::Correct {
            out.push_str(&o.line());
            out.push('\n');
        }
    }
    out.push_str(&summary.to_string());
    out.push('\n');
    out
}

/// Runs every case and totals the results.
pub fn run(index: &Index, thresholds: &Thresholds, cases: &[Case]) -> (Vec<Outcome>, Summary) {
    let mut summary = Summary::default();
    let mut outcomes = Vec::new();
    for case in cases {
        let reply = index.reply(&case.question, thresholds);
        let verdict = judge(case, &reply);
        match &case.expected {
            Some(_) => {
                summary.in_scope += 1;
                match verdict {
                    Verdict::Correct => summary.in_scope_correct += 1,
                    Verdict::Clarified => summary.clarified += 1,
                    _ => {}
                }
            }
            None => {
                summary.out_of_scope += 1;
                if verdict == Verdict::Correct {
                    summary.out_of_scope_declined += 1;
                }
            }
        }
        if verdict == Verdict::Wrong {
            summary.wrong_answers += 1;
        }
        outcomes.push(Outcome {
            case: case.clone(),
            reply,
            verdict,
        });
    }
    (outcomes, summary)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_expectations_and_declines() {
        let cases = parse("# c\nhow long :: two years|2 years ; associate\nhello :: -\n").unwrap();
        assert_eq!(cases.len(), 2);
        assert_eq!(cases[0].line, 2);
        assert_eq!(
            cases[0].expected,
            Some(vec![
                vec!["two years".to_string(), "2 years".to_string()],
                vec!["associate".to_string()]
            ])
        );
        assert_eq!(cases[1].expected, None);
    }

    #[test]
    fn a_line_without_separator_is_an_error_with_its_line() {
        let err = parse("ok :: -\nno separator here\n").unwrap_err();
        assert_eq!(err.line, 2);
    }
}
