//! Why a question got its reply, in words a moderator can read (`faqbot debug`, `/faq debug`).

use super::{Index, Ranking, Thresholds};
use crate::reply::Reply;

/// One line summing a reply up: the entry or suggestions with scores, or why it declined.
pub fn brief(reply: &Reply) -> String {
    match reply {
        Reply::Answer(a) => format!("{} ({:.2})", a.id, a.score),
        Reply::Clarify(s) => s
            .iter()
            .map(|s| format!("{} ({:.2})", s.id, s.score))
            .collect::<Vec<_>>()
            .join(", "),
        Reply::Decline(d) => format!("{} ({:.2})", d.reason, d.best_score),
    }
}

/// How the matcher read a question, its top five candidates and the outcome.
pub fn explain(index: &Index, question: &str, thresholds: &Thresholds) -> String {
    let mut out = String::new();
    for clause in index.analyzed(question) {
        out.push_str(&format!("clause: {}\n", clause.join(" ")));
    }
    match index.rank(question) {
        Ranking::NoQuestion => out.push_str("no question words\n"),
        Ranking::OffTopic(w) => out.push_str(&format!("off topic: \"{w}\"\n")),
        Ranking::Ranked(candidates) => {
            for c in candidates.iter().take(5) {
                let e = &index.corpus().entries[c.entry];
                out.push_str(&format!("{:.3}  {}  ({})\n", c.score, e.id, e.question));
            }
        }
    }
    let reply = index.reply(question, thresholds);
    out.push_str(&format!("outcome: {} {}\n", reply.outcome(), brief(&reply)));
    out
}
