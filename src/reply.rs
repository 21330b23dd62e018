//! The transport-neutral reply to a question: answer, clarify with suggestions, or decline.
//!
//! The matcher produces a [`Reply`]; the console, the JSON output and Discord only render it.

/// What the bot says to one question.
#[derive(Debug, Clone, PartialEq)]
pub enum Reply {
    /// One entry matched well and clearly ahead of the others.
    Answer(Answer),
    /// Several entries are plausible ("did you mean…"), or the question named only a role or a
    /// generic word and these are the topics to choose from.
    Clarify(Clarify),
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
            Reply::Clarify(c) => c.suggestions.first().map_or(0.0, |s| s.score),
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

/// Suggestions instead of an answer.
#[derive(Debug, Clone, PartialEq)]
pub struct Clarify {
    /// What the suggestions are about when the question named only that ("Medical laboratory
    /// technician (MLT)", or "lab careers" for a generic word); `None` for a "did you mean".
    pub about: Option<String>,
    /// The entries offered, the likeliest first (never empty).
    pub suggestions: Vec<Suggestion>,
}

impl Clarify {
    /// The heading of the suggestions, as members read it.
    pub fn title(&self) -> String {
        match &self.about {
            Some(about) => format!("{about}: what would you like to know?"),
            None => "Did you mean…".to_string(),
        }
    }
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
    /// What the FAQ does say nearby (for [`DeclineReason::NotStated`]); often empty.
    pub suggestions: Vec<Suggestion>,
}

impl Decline {
    /// What the member is told, one or two sentences; each transport adds how to ask again.
    pub fn message(&self) -> String {
        match &self.reason {
            DeclineReason::OffTopic(_) => "That's outside what I know: I only answer questions about careers in laboratory medicine (lab techs, technologists, medical assistants, phlebotomy).".to_string(),
            DeclineReason::NotStated { role, aspect } if self.suggestions.is_empty() => {
                format!("My source doesn't say anything about {aspect} for {role}, so I won't guess.")
            }
            DeclineReason::NotStated { role, aspect } => format!(
                "My source doesn't say anything about {aspect} for {role}, so I won't guess. It does cover {aspect} for other lab roles:"
            ),
            DeclineReason::NotCovered(aspect) => {
                format!("Sorry, the FAQ doesn't cover {aspect}, so I can't answer that one.")
            }
            DeclineReason::Uncovered(terms) if self.suggestions.is_empty() => format!(
                "Sorry, I have nothing on {}, so I won't guess.",
                quoted(terms)
            ),
            DeclineReason::Uncovered(terms) => format!(
                "Sorry, I have nothing on {}, so I won't guess. Nearby, the FAQ has:",
                quoted(terms)
            ),
            DeclineReason::NoQuestion | DeclineReason::NoMatch => {
                "Sorry, I don't have an answer for that one.".to_string()
            }
        }
    }
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
    /// The question asks one role's attribute that the source does not state ("how much do
    /// phlebotomists make"): the role's and the aspect's names.
    NotStated {
        /// The role's display name.
        role: String,
        /// The aspect's name ("pay").
        aspect: String,
    },
    /// The question is about an aspect no entry covers ("tuition and costs").
    NotCovered(String),
    /// The question names things no entry that could answer it accounts for: another
    /// credential, job, place or qualifier ("DLM", "sonographer", "Texas"), as members wrote them.
    Uncovered(Vec<String>),
}

impl DeclineReason {
    /// What the question asked that the FAQ has no answer about, as members would read it: the
    /// terms of [`DeclineReason::Uncovered`], another field's word, an aspect no entry covers,
    /// or an aspect the source does not state for a role; empty for a question it only did not
    /// recognise.
    pub fn uncovered(&self) -> Vec<String> {
        match self {
            DeclineReason::Uncovered(terms) => terms.clone(),
            DeclineReason::OffTopic(word) => vec![word.clone()],
            DeclineReason::NotCovered(aspect) => vec![aspect.clone()],
            DeclineReason::NotStated { role, aspect } => vec![format!("{aspect} for {role}")],
            DeclineReason::NoQuestion | DeclineReason::NoMatch => Vec::new(),
        }
    }
}

impl std::fmt::Display for DeclineReason {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            DeclineReason::NoQuestion => write!(f, "no question found in the message"),
            DeclineReason::OffTopic(w) => write!(f, "about another field (\"{w}\")"),
            DeclineReason::NoMatch => write!(f, "no FAQ entry matches well enough"),
            DeclineReason::NotStated { role, aspect } => {
                write!(f, "the source does not state {aspect} for {role}")
            }
            DeclineReason::NotCovered(aspect) => write!(f, "the FAQ does not cover {aspect}"),
            DeclineReason::Uncovered(terms) => {
                write!(f, "nothing in the FAQ accounts for {}", quoted(terms))
            }
        }
    }
}

/// Terms for a sentence: "DLM", "DLM and NHA", "DLM, NHA and GPA".
fn quoted(terms: &[String]) -> String {
    let quoted: Vec<String> = terms.iter().map(|t| format!("\"{t}\"")).collect();
    match quoted.as_slice() {
        [] => "that".to_string(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}
