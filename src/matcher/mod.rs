//! Matching a question to the FAQ: the [`Index`] ranks entries, [`decide`] applies the thresholds
//! and turns the ranking into a [`Reply`].
//!
//! The three outcomes:
//! - **answer** when the best entry scores at least `answer` and leads the runner-up by `margin`
//!   (less as the best nears a perfect score);
//! - **clarify** with up to `max_suggestions` entries scoring at least `clarify`;
//! - **decline** otherwise, and always for greetings and questions about other fields.

mod analyze;
pub mod explain;
mod index;

pub use index::{Candidate, Index, Ranking};

use crate::corpus::{Corpus, Entry};
use crate::reply::{Answer, Decline, DeclineReason, Related, Reply, Suggestion};

/// The thresholds that turn scores into outcomes (from the `[matching]` config section).
#[derive(Debug, Clone, Copy, PartialEq, serde::Deserialize, serde::Serialize)]
pub struct Thresholds {
    /// Lowest score that may be answered.
    pub answer: f32,
    /// Lowest score offered as a suggestion.
    pub clarify: f32,
    /// How far the best must lead the runner-up to be answered.
    pub margin: f32,
    /// Most suggestions in a "did you mean".
    pub max_suggestions: usize,
}

impl Default for Thresholds {
    fn default() -> Self {
        Thresholds {
            answer: 0.5,
            clarify: 0.42,
            margin: 0.1,
            max_suggestions: 5,
        }
    }
}

impl Index {
    /// Answers, clarifies or declines one question.
    pub fn reply(&self, question: &str, thresholds: &Thresholds) -> Reply {
        decide(self, self.rank(question), thresholds)
    }
}

/// Applies the thresholds to a ranking.
pub fn decide(index: &Index, ranking: Ranking, t: &Thresholds) -> Reply {
    let corpus = index.corpus();
    let ranked = match ranking {
        Ranking::NoQuestion => return decline(DeclineReason::NoQuestion, 0.0),
        Ranking::OffTopic(word) => return decline(DeclineReason::OffTopic(word), 0.0),
        Ranking::Ranked(r) => r,
    };
    let Some(best) = ranked.first().copied() else {
        return decline(DeclineReason::NoMatch, 0.0);
    };
    let runner_up = ranked.get(1).map_or(0.0, |c| c.score);
    if best.score >= t.answer
        && best.score > runner_up
        && best.score - runner_up >= required_margin(best.score, t)
    {
        return Reply::Answer(answer_of(corpus, &corpus.entries[best.entry], best.score));
    }
    let suggestions: Vec<Suggestion> = ranked
        .iter()
        .take_while(|c| c.score >= t.clarify)
        .take(t.max_suggestions)
        .map(|c| Suggestion {
            id: corpus.entries[c.entry].id.clone(),
            question: corpus.entries[c.entry].question.clone(),
            score: c.score,
        })
        .collect();
    if suggestions.is_empty() {
        decline(DeclineReason::NoMatch, best.score)
    } else {
        Reply::Clarify(suggestions)
    }
}

/// An entry as an answer with the given score, its related ids resolved to their questions.
pub fn answer_of(corpus: &Corpus, e: &Entry, score: f32) -> Answer {
    Answer {
        id: e.id.clone(),
        question: e.question.clone(),
        answer: e.answer.clone(),
        source: e.source.clone(),
        related: e
            .related
            .iter()
            .filter_map(|id| corpus.entry(id))
            .map(|r| Related {
                id: r.id.clone(),
                question: r.question.clone(),
            })
            .collect(),
        score,
    }
}

/// The lead the best entry needs over the runner-up: the full `margin` at the answer threshold,
/// shrinking to nothing at a perfect score. A member who types an entry's own phrasing gets that
/// entry even when a neighbouring entry also fits well.
fn required_margin(best: f32, t: &Thresholds) -> f32 {
    if t.answer >= 1.0 {
        return t.margin;
    }
    t.margin * ((1.0 - best) / (1.0 - t.answer)).clamp(0.0, 1.0)
}

fn decline(reason: DeclineReason, best_score: f32) -> Reply {
    Reply::Decline(Decline { reason, best_score })
}
