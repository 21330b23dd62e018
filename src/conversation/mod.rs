//! A member's message as a turn of a conversation, before any transport renders it.
//!
//! Two things a single [`Index::reply`] does not do:
//! - **several questions in one message** ("How long is the MLT program? How much do MLTs
//!   make?"): each asking sentence (see [`sentences`]) is answered on its own, and what cannot
//!   be answered is said, instead of one of them answered silently;
//! - **follow-ups** ("what does a phlebotomist do?" then "and where do they work?"): a question
//!   that names no role may inherit the role, and only the role, of the member's previous
//!   answered question in the same channel within a short window (see [`follow_up`], which
//!   keeps that memory, bounded).
//!
//! Uses the matcher's public API only ([`Index::analyze`], [`decide`]); knows nothing of
//! Discord. [`Turn`] is what a transport renders.

pub mod follow_up;
pub mod sentences;

use crate::corpus::Corpus;
use crate::matcher::{decide, Index, Thresholds};
use crate::reply::{DeclineReason, Reply};

pub use follow_up::FollowUps;

/// Most questions of one message answered one by one; the rest are counted in
/// [`Turn::unasked`] (a message has room for about four answers, and an essay of questions is
/// better asked again one at a time).
pub const MAX_QUESTIONS: usize = 4;

/// What the bot says to one message.
#[derive(Debug, Clone, PartialEq)]
pub struct Turn {
    /// One part for a single question; one per asking sentence (in message order, repeats of
    /// the same answer dropped) when the message asks several.
    pub parts: Vec<Part>,
    /// Asking sentences beyond [`MAX_QUESTIONS`], not answered.
    pub unasked: usize,
    /// The role (id) the member is talking about after this message, for their next
    /// follow-up: the role of the last answered part when it is about exactly one role. `None`
    /// when nothing was answered, or the last answer was about no single role.
    pub role: Option<String>,
    /// True when something was answered.
    pub answered: bool,
}

impl Turn {
    /// True when the message asked several questions and they are answered part by part.
    pub fn is_several(&self) -> bool {
        self.parts.len() > 1
    }
}

/// One question of a message and its reply.
#[derive(Debug, Clone, PartialEq)]
pub struct Part {
    /// The question as the member wrote it (the whole message for a single question).
    pub question: String,
    /// The reply to it.
    pub reply: Reply,
    /// The role (display name) taken over from the member's previous question, when the
    /// question named none and was read as about it.
    pub inherited: Option<String>,
}

/// Answers a message: each of its asking sentences when it asks several, else the message as
/// one question. `previous_role` is the role id of the member's previous answered question in
/// this conversation (from [`FollowUps::previous_role`]), if it is recent enough.
pub fn reply(index: &Index, text: &str, t: &Thresholds, previous_role: Option<&str>) -> Turn {
    let asked = sentences::asking_sentences(text);
    if asked.len() >= 2 {
        if let Some(turn) = several(index, &asked, t, previous_role) {
            return turn;
        }
    }
    let (part, role) = one(index, text, t, previous_role);
    let answered = matches!(part.reply, Reply::Answer(_));
    Turn {
        parts: vec![part],
        unasked: 0,
        role: if answered { role } else { None },
        answered,
    }
}

/// Each asking sentence on its own; `None` when that does not help (fewer than two real
/// questions, or none of them answered: the message is then read as a whole, as before).
fn several(
    index: &Index,
    asked: &[String],
    t: &Thresholds,
    previous_role: Option<&str>,
) -> Option<Turn> {
    let mut role = previous_role.map(str::to_string);
    let mut parts: Vec<Part> = Vec::new();
    let mut last_answered_role = None;
    let mut real = 0;
    for question in asked.iter().take(MAX_QUESTIONS) {
        let (part, part_role) = one(index, question, t, role.as_deref());
        if let Reply::Decline(d) = &part.reply {
            if d.reason == DeclineReason::NoQuestion {
                continue; // "what?", "really?": nothing asked
            }
        }
        real += 1;
        if let Reply::Answer(a) = &part.reply {
            // A later sentence about the same subject inherits from this one.
            role = part_role.clone().or(role);
            last_answered_role = Some(part_role);
            let repeated = parts
                .iter()
                .any(|p| matches!(&p.reply, Reply::Answer(b) if b.id == a.id));
            if repeated {
                continue; // "How much do MLTs make? What's their salary?": one answer
            }
        }
        parts.push(part);
    }
    let answered = parts.iter().any(|p| matches!(p.reply, Reply::Answer(_)));
    if real < 2 || !answered {
        return None;
    }
    Some(Turn {
        parts,
        unasked: asked.len().saturating_sub(MAX_QUESTIONS),
        role: last_answered_role.flatten(),
        answered,
    })
}

/// One question: its reply, and the role (id) it is about when it names exactly one (or
/// inherited it).
fn one(
    index: &Index,
    question: &str,
    t: &Thresholds,
    previous_role: Option<&str>,
) -> (Part, Option<String>) {
    let corpus = index.corpus();
    let analysis = index.analyze(question);
    let own_role = single_role(corpus, &analysis.question.asked.roles);
    let names_a_role =
        !analysis.question.asked.roles.is_empty() || !analysis.question.asked.excluded.is_empty();
    let inheritable = previous_role
        .filter(|_| !names_a_role)
        .and_then(|id| corpus.roles.iter().position(|r| r.id == id));
    let Some(role) = inheritable else {
        let reply = decide(index, &analysis, t);
        return (
            Part {
                question: question.to_string(),
                reply,
                inherited: None,
            },
            own_role,
        );
    };
    let alone = decide(index, &analysis, t);
    let with_role = about_role(index, question, role, t);
    let answers = |r: &Reply| matches!(r, Reply::Answer(_));
    let another_role = alone_is_about_another(index, &alone, role);
    // A question that points back ("and where do they work?") is about the previous role even
    // when the FAQ cannot answer it for that role ("...and how much do they make?": the source
    // does not say, which beats another role's pay). One that does not point back takes the
    // role only when that answers it and, on its own, it gets no answer or one about another
    // role ("what certification is needed?" after phlebotomists: theirs, not lab technicians').
    let inherit = with_role.as_ref().is_some_and(|w| {
        points_back(question) || (answers(w) && (!answers(&alone) || another_role))
    });
    let r = &corpus.roles[role];
    match with_role {
        Some(reply) if inherit => (
            Part {
                question: question.to_string(),
                reply,
                inherited: Some(r.name.clone()),
            },
            Some(r.id.clone()),
        ),
        _ => (
            Part {
                question: question.to_string(),
                reply: alone,
                inherited: None,
            },
            // Still on the same subject unless the answer is about another role.
            (!another_role).then(|| r.id.clone()),
        ),
    }
}

/// True when `alone` answers with an entry about roles that do not include `role` (a question
/// with no role is read as about the main role; after talking about phlebotomists, "how long
/// is the training?" is about theirs).
fn alone_is_about_another(index: &Index, alone: &Reply, role: usize) -> bool {
    let Reply::Answer(a) = alone else {
        return false;
    };
    let corpus = index.corpus();
    corpus
        .entries
        .iter()
        .position(|e| e.id == a.id)
        .map(|i| index.profile(i))
        .is_some_and(|p| !p.roles.is_empty() && !p.roles.contains(&role))
}

/// The reply to `question` read as about role `role` (an index into `Corpus::roles`): the role's
/// name is given as the context of the question, the way a member would write "(phlebotomist)"
/// after it. `None` when none of the role's names makes the matcher read that role.
fn about_role(index: &Index, question: &str, role: usize, t: &Thresholds) -> Option<Reply> {
    let r = &index.corpus().roles[role];
    // Longer names first: short aliases can be ambiguous ("MT" is also Montana).
    let mut names: Vec<&str> = r.aliases.iter().map(String::as_str).collect();
    names.sort_by_key(|n| std::cmp::Reverse(n.len()));
    names.push(r.id.as_str());
    let question = question.trim();
    let asks = if question.ends_with('?') { "" } else { "?" };
    names.into_iter().take(4).find_map(|name| {
        let text = format!("{question}{asks} ({name})");
        let analysis = index.analyze(&text);
        (analysis.question.asked.roles[..] == [role]).then(|| decide(index, &analysis, t))
    })
}

/// The role id when `roles` (indexes into `Corpus::roles`) is exactly one role.
fn single_role(corpus: &Corpus, roles: &[usize]) -> Option<String> {
    match roles {
        [one] => corpus.roles.get(*one).map(|r| r.id.clone()),
        _ => None,
    }
}

/// True when a question points back at what was said before: it opens like a follow-up ("**and**
/// how long is the training?") or uses a pronoun ("where do **they** work?"). Such a question
/// that names no role always inherits the previous role; one without them inherits it only when
/// that is what gets it answered.
fn points_back(question: &str) -> bool {
    let words: Vec<String> = question
        .split(|c: char| !c.is_alphanumeric() && c != '\'')
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    // The lists are general English, in src/text/function-words.toml ([follow_up]).
    let lists = crate::text::function_words::get();
    words
        .first()
        .is_some_and(|w| lists.follow_up_openers.contains(w))
        || words.iter().any(|w| lists.pronouns.contains(w))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pointing_back_is_read_from_openers_and_pronouns() {
        assert!(points_back("and where do they work?"));
        assert!(points_back("And how long is the training"));
        assert!(points_back("how much do they make"));
        assert!(!points_back("how long is the training?"));
        assert!(!points_back("what is NAACLS?"));
        assert!(!points_back("android?")); // words, not prefixes
    }
}
