//! Matching a question to the FAQ. One file per step, data flowing one way:
//!
//! ```text
//! corpus ──► index (build once: profiles, terms, vocabularies)        index.rs, lint.rs
//! text ──► analyze (clauses of words) ──► reading (roles, aspects)    analyze.rs, reading.rs, cues.rs
//!      ──► question (read once: what asks, what is context)           question.rs
//!      ──► shortlist (screen, look terms up, entries worth scoring)   shortlist.rs
//!      ──► score (rank the shortlisted entries)                       score.rs
//!      ──► coverage (what the question names that an entry lacks)     coverage.rs
//!      ──► decide (answer / clarify / decline)                        decide.rs, topics.rs
//! ```
//!
//! [`Index::reply`] runs the stages in that order; each is public so that `benches/matching.rs`
//! can time them one by one: [`Index::clauses`] (normalise), [`Index::read_clauses`] (read),
//! [`Index::shortlist`], [`Index::score`], [`decide`].
//!
//! Every number the decision uses is in [`weights`]. [`explain`] shows moderators how a question
//! was read and why it got its reply.

mod analyze;
mod coverage;
mod cues;
mod decide;
pub mod explain;
mod index;
mod lint;
mod question;
mod reading;
mod score;
mod scratch;
mod shortlist;
mod topics;
pub mod weights;

pub use analyze::Clause;
pub use coverage::Uncovered;
pub use decide::{agrees, answer_of, contradicts, decide};
pub use index::{Index, Profile};
pub use question::Question;
pub use reading::Reading;
pub use score::{fit, Candidate, Ranking};
pub use shortlist::{Candidates, Shortlist};
pub use weights::{Thresholds, Weights};

use crate::reply::Reply;

/// A question as the index read and ranked it, before any threshold.
#[derive(Debug, Clone)]
pub struct Analysis {
    /// How the question was read.
    pub question: Question,
    /// The candidates, or why there are none.
    pub ranking: Ranking,
}

impl Index {
    /// Reads a question and ranks every entry against it. Deterministic; never panics; the cost
    /// is bounded whatever the length of the message.
    pub fn analyze(&self, question: &str) -> Analysis {
        let question = self.read(question);
        let ranking = self.rank_question(&question);
        Analysis { question, ranking }
    }

    /// Answers, clarifies or declines one question.
    pub fn reply(&self, question: &str, thresholds: &Thresholds) -> Reply {
        decide(self, &self.analyze(question), thresholds)
    }
}
