//! Why a question got its reply, in words a moderator can read (`faqbot debug`, `/faq debug`).

use super::{contradicts, Index, Ranking, Thresholds};
use crate::reply::Reply;

/// One line summing a reply up: the entry or suggestions with scores, or why it declined.
pub fn brief(reply: &Reply) -> String {
    match reply {
        Reply::Answer(a) => format!("{} ({:.2})", a.id, a.score),
        Reply::Clarify(c) => c
            .suggestions
            .iter()
            .map(|s| format!("{} ({:.2})", s.id, s.score))
            .collect::<Vec<_>>()
            .join(", "),
        Reply::Decline(d) => format!("{} ({:.2})", d.reason, d.best_score),
    }
}

/// How the matcher read a question (clauses, roles, exclusions, aspects), its top five candidates
/// with their roles and aspects, and the outcome.
pub fn explain(index: &Index, question: &str, thresholds: &Thresholds) -> String {
    let mut out = String::new();
    let analysis = index.analyze(question);
    for clause in &analysis.question.clauses {
        out.push_str(&format!("clause: {}\n", clause.words.join(" ")));
    }
    let q = &analysis.question.asked;
    out.push_str(&format!(
        "read: roles [{}], not [{}], aspects [{}]\n",
        role_ids(index, &q.roles),
        role_ids(index, &q.excluded),
        aspect_ids(index, &q.aspects)
    ));
    let salient = super::coverage::salient(index, &analysis.question);
    if !salient.is_empty() {
        let terms: Vec<String> = salient
            .iter()
            .map(|s| {
                format!(
                    "{}{}",
                    s.shown(),
                    if s.specific { "" } else { " (ordinary)" }
                )
            })
            .collect();
        out.push_str(&format!("names: {}\n", terms.join(", ")));
    }
    match &analysis.ranking {
        Ranking::NoQuestion => out.push_str("no question words\n"),
        Ranking::OffTopic(w) => out.push_str(&format!("off topic: \"{w}\"\n")),
        Ranking::Ranked(candidates) => {
            for c in candidates.iter().take(5) {
                let e = &index.corpus().entries[c.entry];
                let p = index.profile(c.entry);
                let left_out: Vec<String> = index
                    .unaccounted(c.entry, &salient)
                    .iter()
                    .map(|s| s.shown())
                    .collect();
                let mark = if contradicts(index, q, p) {
                    "  ✗ about something else".to_string()
                } else if !left_out.is_empty() {
                    format!("  ✗ says nothing on {}", left_out.join(", "))
                } else {
                    String::new()
                };
                out.push_str(&format!(
                    "{:.3}  {}  ({})  roles [{}] aspects [{}]{mark}\n",
                    c.score,
                    e.id,
                    e.question,
                    role_ids(index, &p.roles),
                    aspect_ids(index, &p.aspects)
                ));
            }
        }
    }
    let reply = index.reply(question, thresholds);
    out.push_str(&format!("outcome: {} {}\n", reply.outcome(), brief(&reply)));
    out
}

/// The ids of some roles, comma-separated.
pub fn role_ids(index: &Index, roles: &[usize]) -> String {
    let ids: Vec<&str> = roles
        .iter()
        .map(|&r| index.corpus().roles[r].id.as_str())
        .collect();
    ids.join(", ")
}

/// The ids of some aspects, comma-separated.
pub fn aspect_ids(index: &Index, aspects: &[usize]) -> String {
    let ids: Vec<&str> = aspects
        .iter()
        .map(|&a| index.corpus().aspects[a].id.as_str())
        .collect();
    ids.join(", ")
}

/// Every entry with its roles and aspects, and whether they were set in its file or read from its
/// phrasings: `id  roles [..] (file|read)  aspects [..] (file|read)`.
pub fn entries(index: &Index) -> String {
    let mut out = String::new();
    for (i, e) in index.corpus().entries.iter().enumerate() {
        let p = index.profile(i);
        let how = |set: bool| if set { "file" } else { "read" };
        out.push_str(&format!(
            "{}  roles [{}] ({})  aspects [{}] ({})\n",
            e.id,
            role_ids(index, &p.roles),
            how(e.roles.is_some()),
            aspect_ids(index, &p.aspects),
            how(e.aspects.is_some())
        ));
    }
    out
}
