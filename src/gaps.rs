//! Gaps: the questions the FAQ could not answer, near-duplicates grouped, most asked first, so
//! the next entry to write is obvious.
//!
//! Two questions are the same gap when the matcher reads them the same way: the words of
//! [`Index::analyzed`] (typos corrected, synonyms applied) without stopwords, stemmed — the
//! matcher's own normalisation. "How much do pharmacists make??" and "how much does a
//! pharmacist make" are one gap. Questions whose term sets overlap by at least
//! [`SAME_GAP_OVERLAP`] (Jaccard) join the bigger group too.

use std::collections::{BTreeSet, HashMap};

use sha2::{Digest, Sha256};

use crate::matcher::Index;
use crate::store::UnansweredCount;
use crate::text::stem::stem;
use crate::text::stopwords::is_stopword;

/// Least overlap (shared terms / all terms) for two term sets to be one gap.
pub const SAME_GAP_OVERLAP: f32 = 0.75;
/// Most phrasings kept per gap.
const MAX_VARIANTS: usize = 10;

/// One gap: a group of unanswered questions that mean the same thing.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Gap {
    /// A stable short id of the group (16 hex digits), for buttons.
    pub key: String,
    /// The most asked phrasing.
    pub question: String,
    /// Times asked, all phrasings together.
    pub count: i64,
    /// Of those, declined.
    pub declined: i64,
    /// Of those, answered with "did you mean" suggestions.
    pub clarified: i64,
    /// The phrasings, most asked first (at most 10), with their counts.
    pub variants: Vec<(String, i64)>,
}

/// The terms the matcher reads in a question, as a set.
pub fn terms(index: &Index, question: &str) -> BTreeSet<String> {
    index
        .analyzed(question)
        .iter()
        .flatten()
        .filter(|w| !is_stopword(w))
        .map(|w| stem(w))
        .collect()
}

/// Groups distinct questions (as [`crate::store::Store::gaps_source`] returns them) into gaps,
/// most asked first, at most `limit`. Questions with no terms at all ("hi", "???") are left out.
pub fn group(index: &Index, rows: &[UnansweredCount], limit: usize) -> Vec<Gap> {
    // Exact term sets first.
    let mut by_terms: HashMap<BTreeSet<String>, Vec<&UnansweredCount>> = HashMap::new();
    for row in rows {
        let t = terms(index, &row.question);
        if !t.is_empty() {
            by_terms.entry(t).or_default().push(row);
        }
    }
    let count =
        |rows: &[&UnansweredCount]| -> i64 { rows.iter().map(|r| r.declined + r.clarified).sum() };
    let mut sets: Vec<(BTreeSet<String>, Vec<&UnansweredCount>)> = by_terms.into_iter().collect();
    sets.sort_by(|a, b| count(&b.1).cmp(&count(&a.1)).then_with(|| a.0.cmp(&b.0)));

    // Then near-duplicates join the biggest group they overlap enough with.
    let mut groups: Vec<(BTreeSet<String>, Vec<&UnansweredCount>)> = Vec::new();
    for (set, members) in sets {
        match groups
            .iter_mut()
            .find(|(g, _)| overlap(g, &set) >= SAME_GAP_OVERLAP)
        {
            Some((_, into)) => into.extend(members),
            None => groups.push((set, members)),
        }
    }

    let mut gaps: Vec<Gap> = groups
        .into_iter()
        .map(|(set, members)| {
            let mut variants: Vec<(String, i64)> = members
                .iter()
                .map(|r| (r.question.clone(), r.declined + r.clarified))
                .collect();
            variants.sort_by(|a, b| {
                b.1.cmp(&a.1)
                    .then_with(|| a.0.chars().count().cmp(&b.0.chars().count()))
                    .then_with(|| a.0.cmp(&b.0))
            });
            variants.truncate(MAX_VARIANTS);
            Gap {
                key: key_of(&set),
                question: variants[0].0.clone(),
                count: count(&members),
                declined: members.iter().map(|r| r.declined).sum(),
                clarified: members.iter().map(|r| r.clarified).sum(),
                variants,
            }
        })
        .collect();
    gaps.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.key.cmp(&b.key)));
    gaps.truncate(limit);
    gaps
}

/// Shared terms over all terms (Jaccard index), 0..=1.
fn overlap(a: &BTreeSet<String>, b: &BTreeSet<String>) -> f32 {
    let shared = a.intersection(b).count();
    let all = a.union(b).count();
    if all == 0 {
        0.0
    } else {
        shared as f32 / all as f32
    }
}

fn key_of(set: &BTreeSet<String>) -> String {
    let mut h = Sha256::new();
    for t in set {
        h.update(t.as_bytes());
        h.update([0u8]);
    }
    h.finalize()[..8]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overlap_is_jaccard() {
        let a: BTreeSet<String> = ["a", "b", "c"].iter().map(|s| s.to_string()).collect();
        let b: BTreeSet<String> = ["a", "b", "d"].iter().map(|s| s.to_string()).collect();
        assert!((overlap(&a, &b) - 0.5).abs() < 1e-6);
        assert!((overlap(&a, &a) - 1.0).abs() < 1e-6);
    }
}
