//! A member's message read once, as everything after it needs it: its clauses (the ones worth
//! reading), what each says (roles, aspects, words), which of them ask, and the roles and aspects
//! of the question as a whole.
//!
//! ```text
//! text ──analyze──► clauses ──read──► per-clause readings ──► asking clauses ──► Question
//! ```
//!
//! Scoring ([`super::score`]), coverage ([`super::coverage`]) and the decision
//! ([`super::decide`]) only look at a [`Question`]; none of them reads the text again.

use smallvec::SmallVec;

use super::analyze::{Analyzer, Clause, MAX_CLAUSES};
use super::reading::{Reader, Reading};
use crate::text::function_words;
use crate::text::stopwords::is_stopword;

/// One item per clause of a message, inline: most messages have a few clauses.
pub type PerClause<T> = SmallVec<[T; 8]>;

/// A message as the matcher read it.
#[derive(Debug, Clone, Default)]
pub struct Question {
    /// The clauses read (at most [`MAX_CLAUSES`]), in message order.
    pub clauses: Vec<Clause>,
    /// Per clause: what it says on its own.
    pub readings: Vec<Reading>,
    /// Per clause: true when it asks (see [`asking_clauses`]).
    pub asking: PerClause<bool>,
    /// Per clause: true when its sentence holds a clause that asks.
    pub in_asking_sentence: PerClause<bool>,
    /// Per clause: the sentence of the question that points back at it ("I have a misdemeanor.
    /// Will that stop me?"), when it is in the sentence just before one whose asking clause
    /// holds a reference word ("that", "this", "the other").
    pub referenced_by: PerClause<Option<usize>>,
    /// Roles, exclusions, aspects and word counts of the asking clauses (roles and aspects of
    /// the whole message when they name none); it holds no words (they are in
    /// `readings`, per clause).
    pub asked: Reading,
    /// Roles, exclusions, aspects and word counts of the whole message; no words, as
    /// `asked`.
    pub context: Reading,
}

impl Question {
    /// Reads the clauses of a message ([`Analyzer::question_clauses`]). `is_term` tells whether a
    /// word is one the index scores by (it helps pick the clauses of a very long message).
    /// Deterministic; never panics; the cost is bounded by [`MAX_CLAUSES`] whatever the length of
    /// the message.
    pub fn read(
        all: Vec<Clause>,
        analyzer: &Analyzer,
        reader: &Reader,
        is_term: impl Fn(&str) -> bool,
    ) -> Question {
        let readings: Vec<Reading> = all
            .iter()
            .map(|c| reader.read(&c.words, analyzer))
            .collect();
        let (clauses, readings) = select_clauses(all, readings, is_term);
        let asking = asking_clauses(&clauses);
        let in_asking_sentence = in_asking_sentence(&clauses, &asking);
        let referenced_by = referenced_by(&clauses, &asking, &in_asking_sentence);
        let mut context = Reading::default();
        readings.iter().for_each(|r| context.merge_summary(r));
        let mut asked = Reading::default();
        for (r, _) in readings.iter().zip(&asking).filter(|(_, &a)| a) {
            asked.merge_summary(r);
        }
        // The story around the question can name what it is about: "I'm torn between MA and MLT.
        // What's the difference day to day?"
        if asked.roles.is_empty() {
            asked.roles = context.roles.clone();
        }
        if asked.aspects.is_empty() {
            asked.aspects = context.aspects.clone();
        }
        asked.excluded = context.excluded.clone();
        asked.roles.retain(|r| !asked.excluded.contains(r));
        Question {
            clauses,
            readings,
            asking,
            in_asking_sentence,
            referenced_by,
            asked,
            context,
        }
    }

    /// The clauses of the sentences that ask, with the roles and aspects they name merged (not
    /// their words): what is named where the question is ("I have an MLT degree. How do I become
    /// a histo tech?" asks about histotechnology). Excluded roles are those of the whole message.
    pub fn asking_sentences(&self) -> (PerClause<&Clause>, Reading) {
        let mut reading = Reading::default();
        let mut clauses = PerClause::new();
        for ((c, r), _) in self
            .clauses
            .iter()
            .zip(&self.readings)
            .zip(&self.in_asking_sentence)
            .filter(|(_, &a)| a)
        {
            clauses.push(c);
            reading.merge_topics(r);
        }
        reading.excluded = self.context.excluded.clone();
        reading.roles.retain(|r| !self.context.excluded.contains(r));
        (clauses, reading)
    }

    /// The aspects of the clauses that do not ask: what the member tells around the question.
    pub fn told_aspects(&self) -> Vec<usize> {
        let mut out: Vec<usize> = Vec::new();
        for (r, _) in self.readings.iter().zip(&self.asking).filter(|(_, &a)| !a) {
            for &a in &r.aspects {
                if !out.contains(&a) {
                    out.push(a);
                }
            }
        }
        out
    }

    /// True when the message has no clause left to read.
    pub fn is_empty(&self) -> bool {
        self.clauses.is_empty()
    }
}

/// Keeps the clauses worth reading: those with a word that is not a number, and of a message
/// with more than [`MAX_CLAUSES`] of them, the ones that look most like its question (a question
/// mark, an aspect, a role, words the FAQ scores by), in message order. A list of 24 numbers
/// before "how much do MLTs make?" does not push the question out.
fn select_clauses(
    clauses: Vec<Clause>,
    readings: Vec<Reading>,
    is_term: impl Fn(&str) -> bool,
) -> (Vec<Clause>, Vec<Reading>) {
    let mut kept: Vec<(usize, Clause, Reading)> = clauses
        .into_iter()
        .zip(readings)
        .enumerate()
        .filter(|(_, (c, r))| {
            r.words(&c.words)
                .any(|w| !is_stopword(w) && !w.chars().all(|c| c.is_ascii_digit()))
        })
        .map(|(i, (c, r))| (i, c, r))
        .collect();
    if kept.len() > MAX_CLAUSES {
        let looks_asked = |(i, c, r): &(usize, Clause, Reading)| {
            let known = r
                .words(&c.words)
                .filter(|w| !is_stopword(w) && is_term(w))
                .count()
                .min(3);
            (
                c.asks as usize * 4
                    + (!r.aspects.is_empty()) as usize * 2
                    + (!r.roles.is_empty()) as usize
                    + known,
                *i,
            )
        };
        kept.sort_by_key(|k| std::cmp::Reverse(looks_asked(k)));
        kept.truncate(MAX_CLAUSES);
        kept.sort_by_key(|(i, _, _)| *i);
    }
    kept.into_iter().map(|(_, c, r)| (c, r)).unzip()
}

/// Per clause, whether its sentence holds a clause that asks: "I'm a nurse, how long does the MLT
/// program take?" is one sentence that asks.
fn in_asking_sentence(clauses: &[Clause], asking: &[bool]) -> PerClause<bool> {
    let sentences: PerClause<usize> = clauses
        .iter()
        .zip(asking)
        .filter(|(_, &a)| a)
        .map(|(c, _)| c.sentence)
        .collect();
    clauses
        .iter()
        .map(|c| sentences.contains(&c.sentence))
        .collect()
}

/// Per clause, the asking sentence that points back at it (see [`Question::referenced_by`]).
fn referenced_by(
    clauses: &[Clause],
    asking: &[bool],
    in_asking: &[bool],
) -> PerClause<Option<usize>> {
    let words = function_words::get();
    let points_back = |c: &Clause| {
        c.words.iter().enumerate().any(|(i, w)| {
            words.reference.contains(w) || (i < 2 && words.reference_leading.contains(w))
        })
    };
    let pointing: PerClause<usize> = clauses
        .iter()
        .zip(asking)
        .filter(|(c, &a)| a && points_back(c))
        .map(|(c, _)| c.sentence)
        .collect();
    // The sentence before a pointing one: the last one with words ("..." makes empty ones).
    let before = |k: usize| clauses.iter().map(|c| c.sentence).filter(|&s| s < k).max();
    clauses
        .iter()
        .zip(in_asking)
        .map(|(c, &asks)| {
            let by = pointing
                .iter()
                .copied()
                .find(|&k| before(k) == Some(c.sentence));
            by.filter(|_| !asks)
        })
        .collect()
}

/// Per clause, whether it asks: the clauses that start like a question ("how", "what", "do"…,
/// perhaps after "anyway", "so"…: the lists of `function-words.toml`); when none does, those of
/// sentences ending with `?`; when none does either, every clause.
fn asking_clauses(clauses: &[Clause]) -> PerClause<bool> {
    let words = function_words::get();
    let last = clauses.len().saturating_sub(1);
    let starts_like_a_question = |i: usize, c: &Clause| {
        (c.asks || i == last || c.words.len() >= 3)
            && c.words
                .iter()
                .find(|w| !words.discourse.contains(*w))
                .is_some_and(|w| words.question_words.contains(w))
    };
    // Clauses that start like a question: "new grad MLT, how do I make my resume stand out?"
    // asks about the resume; "what even is naacls, i keep seeing it. should i care??" asks twice.
    let interrogative: PerClause<bool> = clauses
        .iter()
        .enumerate()
        .map(|(i, c)| starts_like_a_question(i, c))
        .collect();
    if interrogative.iter().any(|&q| q) {
        return interrogative;
    }
    // Else the sentences that end with "?" ("MLT salary?"), else everything.
    if clauses.iter().any(|c| c.asks) {
        return clauses.iter().map(|c| c.asks).collect();
    }
    PerClause::from_elem(true, clauses.len())
}
