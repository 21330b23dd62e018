//! Coverage, not closeness: what a question names beyond its roles and aspects, and whether an
//! entry accounts for it.
//!
//! A question names roles, an aspect (pay, length…) and other things: a credential ("DLM"), an
//! exam ("NHA"), another job ("sonographer"), a place ("Texas"), a qualifier ("introverted",
//! "GPA"). Those other things are its **salient terms**: the words of the clauses that ask which
//! are not function words or chat filler, not a role or an aspect's cue, and not common English
//! (SCOWL sizes 10 and 20, see [`crate::text::english::commonness`]), plus any word of another
//! field (`[off_topic] words`), however common. Words the FAQ itself uses are no exception: a
//! question about hematology needs an entry that says something about hematology.
//!
//! Salient terms come in two strengths:
//! - **specific**: in no English word list (acronyms, names, places, technical terms: "DLM",
//!   "Texas", "sonographer") or another field's word: an entry that does not account for one is
//!   never the answer;
//! - **ordinary**: English words of SCOWL size 35 ("introverted", "coworkers", "backstage"): often
//!   what a question turns on, sometimes only colour. Each one an entry leaves out lowers its score
//!   by [`Weights::ordinary_unaccounted`](super::Weights::ordinary_unaccounted), so it is answered
//!   only when it fits very well otherwise.
//!
//! An entry **accounts for** a salient term when it says it: in its phrasings, its answer, its
//! source or its roles' names, after synonyms and stemming. Another field's word counts only in
//! its phrasings: an answer that mentions nurses in passing is not an answer about nursing.
//! An entry that leaves a salient term unaccounted for is not the answer, however close its words
//! (see [`super::decide`]).

use rustc_hash::FxHashSet as HashSet;

use super::index::Index;
use super::question::Question;
use crate::text::english::{commonness, is_english_word};
use crate::text::function_words;

/// A word of the question's asking clauses that an answer must account for.
#[derive(Debug, Clone, PartialEq)]
pub struct Salient {
    /// The word as the matcher read it (spell-corrected, synonyms applied; concepts joined by
    /// `_`).
    pub word: String,
    /// Its stem, as entries' vocabularies hold them.
    stem: String,
    /// True for another field's word ("nurse", "radiology"): only an entry's phrasings account
    /// for it.
    other_field: bool,
    /// True when an answer must account for it; false for an ordinary English word, which only
    /// lowers the score of an entry that leaves it out.
    pub specific: bool,
}

impl Salient {
    /// The word as members read it: concepts with spaces, short acronyms in capitals ("DLM").
    pub fn shown(&self) -> String {
        let w = self.word.replace('_', " ");
        let acronym = w.len() <= 4
            && w.chars().all(|c| c.is_ascii_alphanumeric())
            && commonness(&w).is_none()
            && !is_english_word(&w);
        if acronym {
            w.to_uppercase()
        } else {
            w
        }
    }
}

/// The terms of a question that no entry answering it accounts for; what a decline names.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Uncovered {
    /// The terms, as members would read them ("DLM", "sonographer").
    pub terms: Vec<String>,
}

/// The salient terms of a question, in order, each once: the other words of the clauses that ask;
/// from the other clauses of their sentence, all of theirs when the clauses that ask name nothing
/// themselves ("MLT or sonographer, which is better?"), else another field's words when the
/// clauses that ask name no role ("choosing between radiology and lab tech, which suits me?"),
/// unless the clause tells the member's own situation ("I'm a nurse, how long is MLT school?").
pub fn salient(index: &Index, q: &Question) -> Vec<Salient> {
    let words = function_words::get();
    let asking_in = |sentence: usize| {
        q.clauses
            .iter()
            .zip(&q.readings)
            .zip(&q.asking)
            .filter(move |((c, _), &a)| a && c.sentence == sentence)
            .map(|((_, r), _)| r)
    };
    let contentless =
        |sentence: usize| asking_in(sentence).all(|r| r.roles.is_empty() && r.other_at.is_empty());
    let roleless = |sentence: usize| asking_in(sentence).all(|r| r.roles.is_empty());
    let mut out: Vec<Salient> = Vec::new();
    for (i, (clause, reading)) in q.clauses.iter().zip(&q.readings).enumerate() {
        let tells = clause
            .words
            .first()
            .is_some_and(|w| words.first_person.contains(w));
        let referenced = q.referenced_by[i].is_some();
        let (all, other_fields) = if q.asking[i] {
            (true, true)
        } else if referenced {
            // What the question points back at, though the member tells it: "I have a DUI. Will
            // that stop me?", "…or cytotechnology. Is one better than the other?"
            (false, true)
        } else if q.in_asking_sentence[i] {
            (
                contentless(clause.sentence),
                !tells && roleless(clause.sentence),
            )
        } else {
            (false, false)
        };
        let last = clause.words.last();
        for w in reading.others(&clause.words) {
            // Chat filler closing a clause is filler, whatever else it may mean: "lab techs rn?"
            // is "right now", not registered nurses.
            if words.chat.contains(w) && Some(w) == last {
                continue;
            }
            let other_field = index.reader.is_other_field(w);
            if other_field && (all || other_fields) {
                push(&mut out, index, w, true, true);
            } else if let Some(specific) = index.salience(w) {
                if all || (referenced && specific) {
                    push(&mut out, index, w, false, specific);
                }
            }
        }
    }
    out
}

fn push(out: &mut Vec<Salient>, index: &Index, word: &str, other_field: bool, specific: bool) {
    let stem = index
        .analyzer
        .stem_of(word)
        .unwrap_or_else(|| word.to_string());
    if !out.iter().any(|s| s.stem == stem) {
        out.push(Salient {
            word: word.to_string(),
            stem,
            other_field,
            specific,
        });
    }
}

impl Index {
    /// Whether a word (not a role, cue, stopword or generic word) names something of its own:
    /// `None` for a number, chat filler or a common English word; `Some(true)` for a specific
    /// term (in no word list), `Some(false)` for an ordinary English word. A concept of several
    /// words ("blood_bank") is as salient as its most salient word.
    fn salience(&self, word: &str) -> Option<bool> {
        let filler = &function_words::get().chat;
        if word.len() < 2 || word.chars().all(|c| c.is_ascii_digit()) || filler.contains(word) {
            return None;
        }
        let of_part = |part: &str| match self.analyzer.commonness(part) {
            None => Some(true),
            Some(c) if c > self.weights.common_words => Some(false),
            Some(_) => None,
        };
        if !word.contains('_') {
            return of_part(word);
        }
        word.split('_')
            .filter(|part| !filler.contains(*part) && !crate::text::stopwords::is_stopword(part))
            .filter_map(of_part)
            .max()
    }

    /// True when entry `entry` accounts for the term (see the module docs).
    pub(super) fn accounts_for(&self, entry: usize, term: &Salient) -> bool {
        let vocabulary = if term.other_field {
            &self.asked_vocabulary[entry]
        } else {
            &self.vocabulary[entry]
        };
        [&term.stem, &term.word].into_iter().any(|w| {
            self.vocabulary_ids
                .get(w.as_str())
                .is_some_and(|id| vocabulary.binary_search(id).is_ok())
        })
    }

    /// The terms entry `entry` does not account for.
    pub(super) fn unaccounted<'a>(&self, entry: usize, terms: &'a [Salient]) -> Vec<&'a Salient> {
        terms
            .iter()
            .filter(|t| !self.accounts_for(entry, t))
            .collect()
    }

    /// An entry's score with the ordinary terms and the asked aspects it leaves out taken off
    /// (see the module docs), or `None` when it leaves out a specific term. `aspects` are the
    /// aspects the question asks; the broad ones ("program", "do I need") and those no entry
    /// covers are not held against an entry.
    pub(super) fn covered_score(
        &self,
        entry: usize,
        score: f32,
        terms: &[Salient],
        aspects: &[usize],
    ) -> Option<f32> {
        let mut score = score;
        for t in self.unaccounted(entry, terms) {
            if t.specific {
                return None;
            }
            score *= 1.0 - self.weights.ordinary_unaccounted;
        }
        let profile = &self.profiles[entry];
        for &a in aspects {
            if self.covered[a] && !self.corpus.aspects[a].broad && !profile.aspects.contains(&a) {
                score *= 1.0 - self.weights.aspect_unaccounted;
            }
        }
        Some(score)
    }

    fn stems_of(&self, text: &str) -> HashSet<String> {
        self.analyzer
            .corpus_words(text)
            .into_iter()
            .map(|w| self.analyzer.stem_of(&w).unwrap_or(w))
            .collect()
    }

    /// True when a text (a role profile's attribute) accounts for every term.
    pub(super) fn text_accounts_for(&self, text: &str, terms: &[Salient]) -> bool {
        if terms.is_empty() {
            return true;
        }
        let stems = self.stems_of(text);
        terms
            .iter()
            .all(|t| !t.other_field && (stems.contains(&t.stem) || stems.contains(&t.word)))
            || terms.iter().all(|t| !t.specific)
    }
}
