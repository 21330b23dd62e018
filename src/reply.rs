//! The transport-neutral reply to a question: answer, clarify with suggestions, or decline.
//!
//! The matcher produces a [`Reply`]; the console, the JSON output and Discord only render it.

/// What the bot says to one question.
#[derive(Debug, Clone, PartialEq)]
pub enum Reply {
    /// One entry matched well and clearly ahead of the others.
    Answer(Answer),
    /// Several entries are plausible: "did you mean…".
    Clarify(Vec<Suggestion>),
    /// Nothing in the FAQ answers this.
    Decline(Decline),
}

impl Reply {
    /// `"answer"`, `"clarify"` or `"decline"`, as the JSON contract names outcomes.
    pub fn outcome(&self) -> &'static str {
        match self {
            Reply::Answer(_) => "answer",
            Reply::Clarify(_) => "clarify",
            Reply::Decline(_) => "decline",
        }
    }

    /// The score of the best candidate (0 when there was none).
    pub fn score(&self) -> f32 {
        match self {
            Reply::Answer(a) => a.score,
            Reply::Clarify(s) => s.first().map_or(0.0, |s| s.score),
            Reply::Decline(d) => d.best_score,
        }
    }
}

/// An answered question.
#[derive(Debug, Clone, PartialEq)]
pub struct Answer {
    /// Id of the entry.
    pub id: String,
    /// The entry's canonical question.
    pub question: String,
    /// The answer text (Discord markdown).
    pub answer: String,
    /// Where the figures come from.
    pub source: Option<String>,
    /// Related entries, to offer next.
    pub related: Vec<Related>,
    /// Match score in 0..=1.
    pub score: f32,
}

/// A related entry offered after an answer.
#[derive(Debug, Clone, PartialEq)]
pub struct Related {
    /// Entry id.
    pub id: String,
    /// Its canonical question.
    pub question: String,
}

/// A candidate offered when the bot is unsure.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Suggestion {
    /// Entry id.
    pub id: String,
    /// Its canonical question.
    pub question: String,
    /// Match score in 0..=1.
    pub score: f32,
}

/// Why a question was declined.
#[derive(Debug, Clone, PartialEq)]
pub struct Decline {
    /// The reason, for logs and `/faq debug`.
    pub reason: DeclineReason,
    /// Score of the best candidate, if any.
    pub best_score: f32,
}

/// The reasons for declining.
#[derive(Debug, Clone, PartialEq)]
pub enum DeclineReason {
    /// Nothing but greetings, filler words or symbols.
    NoQuestion,
    /// The question is about another field (the word that shows it).
    OffTopic(String),
    /// No entry scored high enough.
    NoMatch,
}

impl std::fmt::Display for DeclineReason {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DeclineReason::NoQuestion => write!(f, "no question found in the message"),
            DeclineReason::OffTopic(w) => write!(f, "about another field (\"{w}\")"),
            DeclineReason::NoMatch => write!(f, "no FAQ entry matches well enough"),
        }
    }
}
