//! Replies as a member sees them in a terminal, and as the JSON that scripts read.

use serde_json::{json, Value};

use crate::compare::Comparison;
use crate::corpus::Corpus;
use crate::reply::{DeclineReason, Reply};

pub use crate::matcher::explain::explain as debug_text;

/// The reply as plain text for the terminal.
pub fn reply_text(reply: &Reply) -> String {
    match reply {
        Reply::Answer(a) => {
            let mut out = format!("**{}**\n{}", a.question, a.answer);
            if let Some(source) = &a.source {
                out.push_str(&format!("\nSource: {source}"));
            }
            if !a.related.is_empty() {
                let related: Vec<String> = a.related.iter().map(|r| r.question.clone()).collect();
                out.push_str(&format!("\nRelated: {}", related.join(" | ")));
            }
            out
        }
        Reply::Clarify(c) => numbered(&c.title(), &c.suggestions),
        Reply::Decline(d) if !d.suggestions.is_empty() => numbered(&d.message(), &d.suggestions),
        Reply::Decline(d) => match &d.reason {
            DeclineReason::OffTopic(_) => {
                format!("{} Type /topics to see what I cover.", d.message())
            }
            _ => format!(
                "{} Try asking it another way, or type /topics to see what I cover.",
                d.message()
            ),
        },
    }
}

/// A heading and a numbered list of suggestions.
fn numbered(heading: &str, suggestions: &[crate::reply::Suggestion]) -> String {
    let mut out = heading.to_string();
    for (i, s) in suggestions.iter().enumerate() {
        out.push_str(&format!("\n  {}. {}", i + 1, s.question));
    }
    out
}

/// The JSON contract of `faqbot ask --json`:
/// `{"question", "outcome", "id", "score", "answer", "suggestions": [{"id", "question", "score"}],
/// "uncovered": [term]}`; `uncovered` lists what a decline found nothing on ("DLM", "tuition and
/// costs"), else `[]`.
pub fn reply_json(question: &str, reply: &Reply) -> Value {
    let (id, answer) = match reply {
        Reply::Answer(a) => (json!(a.id), json!(a.answer)),
        _ => (Value::Null, Value::Null),
    };
    let suggestions = match reply {
        Reply::Clarify(c) => json!(c.suggestions),
        Reply::Decline(d) => json!(d.suggestions),
        Reply::Answer(_) => json!([]),
    };
    let uncovered = match reply {
        Reply::Decline(d) => d.reason.uncovered(),
        _ => Vec::new(),
    };
    json!({
        "question": question,
        "outcome": reply.outcome(),
        "id": id,
        "score": round(reply.score()),
        "answer": answer,
        "suggestions": suggestions,
        "uncovered": uncovered,
    })
}

fn round(score: f32) -> f64 {
    (score as f64 * 1000.0).round() / 1000.0
}

/// The corpus as `[{"id", "questions": [question, alternates...], "answer"}]`.
pub fn export_json(corpus: &Corpus) -> Value {
    Value::Array(
        corpus
            .entries
            .iter()
            .map(|e| {
                json!({
                    "id": e.id,
                    "questions": e.phrasings().collect::<Vec<_>>(),
                    "answer": e.answer,
                })
            })
            .collect(),
    )
}

/// Two roles side by side in two columns, wrapped to fit a terminal.
pub fn comparison_text(c: &Comparison<'_>) -> String {
    const LABEL: usize = 26;
    const COLUMN: usize = 40;
    let mut out = String::new();
    out.push_str(&format!(
        "{:<LABEL$} {:<COLUMN$} | {}\n",
        "", c.left.name, c.right.name
    ));
    out.push_str(&format!("{}\n", "-".repeat(LABEL + 2 * COLUMN + 3)));
    for row in &c.rows {
        let left = wrap(row.left, COLUMN);
        let right = wrap(row.right, COLUMN);
        for i in 0..left.len().max(right.len()) {
            let label = if i == 0 { row.attribute.label() } else { "" };
            out.push_str(&format!(
                "{:<LABEL$} {:<COLUMN$} | {}\n",
                label,
                left.get(i).map_or("", String::as_str),
                right.get(i).map_or("", String::as_str)
            ));
        }
        out.push('\n');
    }
    out
}

/// Greedy word wrap to `width` characters (a word longer than the width gets its own line).
fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > width {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrap_keeps_words_whole() {
        assert_eq!(wrap("aa bb cc", 5), vec!["aa bb", "cc"]);
        assert_eq!(wrap("", 5), Vec::<String>::new());
    }
}
