//! Every number the matcher decides with, in one place: [`Weights`] shape the score of an entry,
//! [`Thresholds`] turn scores into answer / clarify / decline.
//!
//! The defaults were fitted on the labelled questions in `tests/data/` and `../shared/eval/`
//! (`faqbot calibrate`, which reports cross-validated figures beside the fitted ones); change
//! them with the same command, not by hand.

use crate::text::english::Commonness;

/// How an entry's score is put together (see [`super::score`]). Scores are in 0..=1 for words,
/// plus up to [`Weights::fit_lift`] for how well the entry's roles and aspects fit the question.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Weights {
    /// Credit (0..=1) for a question word found only in an entry's answer, not in its phrasings.
    pub answer_only_credit: f32,
    /// Weight (0..=1) of known words outside the clauses read as the question: they may support
    /// an entry, but less than the question itself.
    pub context_weight: f32,
    /// Share (0..=1) of a context word's weight that still counts against an entry that does not
    /// explain it.
    pub unexplained_context: f32,
    /// What a perfect fit of roles and aspects adds to the word score (so ranking scores reach
    /// 1 + this; replies show them capped at 1).
    pub fit_lift: f32,
    /// Role fit (0..=1) of an entry that names no role.
    pub roleless_fit: f32,
    /// Role fit (0..=1) of an entry about other roles only, for a question that names no role
    /// (and so is about the main role).
    pub other_role_fit: f32,
    /// The rarest English words that still say nothing of their own: words at least this common
    /// never make a question about something an entry lacks (see [`super::coverage`]).
    pub common_words: Commonness,
    /// Share (0..=1) of its score an entry loses for each ordinary English word of the question
    /// that it does not account for ("backstage", "introverted"); a specific term it does not
    /// account for ("DLM", "sonographer") rules it out.
    pub ordinary_unaccounted: f32,
    /// Share (0..=1) of its score an entry loses for each specific aspect the question asks that
    /// it is not about: "what is national certification and why is it important?" asks about
    /// certification, which "why lab work matters" is not about.
    pub aspect_unaccounted: f32,
}

impl Weights {
    /// The shipped weights.
    pub const DEFAULT: Weights = Weights {
        answer_only_credit: 0.3,
        context_weight: 0.5,
        unexplained_context: 0.5,
        fit_lift: 0.2,
        roleless_fit: 0.75,
        other_role_fit: 0.5,
        common_words: Commonness::Common,
        ordinary_unaccounted: 0.25,
        aspect_unaccounted: 0.0,
    };
}

impl Default for Weights {
    fn default() -> Self {
        Weights::DEFAULT
    }
}

/// The thresholds that turn scores into outcomes (the `[matching]` config section).
#[derive(Debug, Clone, Copy, PartialEq, serde::Deserialize, serde::Serialize)]
pub struct Thresholds {
    /// Lowest score (0..=1) that may be answered.
    pub answer: f32,
    /// Lowest score (0..=1) offered as a suggestion.
    pub clarify: f32,
    /// How far the best must lead the runner-up to be answered (at the answer threshold; less
    /// as the best nears a perfect score).
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

impl Thresholds {
    /// The lead the best entry needs over the runner-up: the full `margin` at the answer
    /// threshold, shrinking to nothing at a perfect score. A member who types an entry's own
    /// phrasing gets that entry even when a neighbouring entry also fits well.
    pub fn required_margin(&self, best: f32) -> f32 {
        if self.answer >= 1.0 {
            return self.margin;
        }
        self.margin * ((1.0 - best) / (1.0 - self.answer)).clamp(0.0, 1.0)
    }
}

/// A ranking score as replies show it: capped at 1.
pub fn shown(score: f32) -> f32 {
    score.min(1.0)
}
