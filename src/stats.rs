//! Per entry: how often it was given and how members rated it, for `/faq stats` and
//! `faqbot stats`.

use std::collections::HashMap;

use crate::corpus::Corpus;
use crate::store::EntryStats;

/// One line of the report.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct EntryReport {
    /// Entry id.
    pub id: String,
    /// Its question; `None` for an id no longer in the FAQ.
    pub question: Option<String>,
    /// Answers given.
    pub given: i64,
    /// "Helpful" votes.
    pub helpful: i64,
    /// "Not helpful" votes.
    pub not_helpful: i64,
}

/// Every entry of the FAQ (zeros included) and every id the store knows that is no longer in
/// it, most given first, then by most "not helpful" votes, then by id.
pub fn report(corpus: &Corpus, stats: &[EntryStats]) -> Vec<EntryReport> {
    let mut by_id: HashMap<&str, &EntryStats> =
        stats.iter().map(|s| (s.entry.as_str(), s)).collect();
    let line = |id: &str, question: Option<String>, s: Option<&EntryStats>| EntryReport {
        id: id.to_string(),
        question,
        given: s.map_or(0, |s| s.given),
        helpful: s.map_or(0, |s| s.helpful),
        not_helpful: s.map_or(0, |s| s.not_helpful),
    };
    let mut out: Vec<EntryReport> = corpus
        .entries
        .iter()
        .map(|e| line(&e.id, Some(e.question.clone()), by_id.remove(e.id.as_str())))
        .collect();
    out.extend(by_id.into_values().map(|s| line(&s.entry, None, Some(s))));
    out.sort_by(|a, b| {
        b.given
            .cmp(&a.given)
            .then(b.not_helpful.cmp(&a.not_helpful))
            .then_with(|| a.id.cmp(&b.id))
    });
    out
}
