//! Replies built from the structure of the FAQ rather than one entry's words:
//! - a message that names only a role ("mlt?") or only generic words ("career?") gets the topics
//!   to choose from: that role's, or those of the role most entries are about;
//! - one role's attribute that no entry covers is answered from its `roles.toml` profile, or
//!   declined, pointing to what the FAQ does say, when the source does not state it.

use super::coverage::Salient;
use super::weights::shown;
use super::{answer_of, Candidate, Index, Reading, Thresholds};
use crate::corpus::{Corpus, Role, RoleAttribute};
use crate::reply::{Answer, Clarify, Decline, DeclineReason, Related, Reply, Suggestion};

/// What `roles.toml` says when the source is silent about a role's attribute.
pub const NOT_STATED: &str = "Not stated in the source.";
/// Most related entries offered under an answer from a role profile, and most suggestions in a
/// "not stated" decline.
const MORE: usize = 3;
/// Most words besides the role and the aspect for a question answered from a role profile.
const MAX_OTHER_WORDS: usize = 2;

/// The topics for a question that names only roles or generic words, or `None`.
pub(super) fn for_reading(
    index: &Index,
    q: &Reading,
    ranked: &[Candidate],
    t: &Thresholds,
) -> Option<Clarify> {
    let corpus = index.corpus();
    let score = |entry: usize| {
        ranked
            .iter()
            .find(|c| c.entry == entry)
            .map_or(0.0, |c| shown(c.score))
    };
    // A generic word alone ("tech", "career?") gets the topics of the role most entries are about.
    let role = match q.roles[..] {
        [role] => Some(role),
        [] if q.generic_words > 0 => index.main_role(),
        _ => None,
    };
    let (about, entries): (String, Vec<usize>) = if let Some(role) = role {
        // One entry per aspect, in the order of aspects.toml: the role's topics at a glance. For
        // each, the entry most about that role and aspect alone.
        let mut picked: Vec<usize> = Vec::new();
        for aspect in 0..corpus.aspects.len() {
            let best = (0..corpus.entries.len())
                .filter(|&e| {
                    let p = index.profile(e);
                    p.aspects.contains(&aspect) && p.roles.contains(&role) && !picked.contains(&e)
                })
                .min_by_key(|&e| {
                    let p = index.profile(e);
                    (p.aspects.len() + p.roles.len(), e)
                });
            picked.extend(best);
        }
        (corpus.roles[role].name.clone(), picked)
    } else {
        return None;
    };
    let suggestions: Vec<Suggestion> = entries
        .into_iter()
        .take(t.max_suggestions)
        .map(|e| Suggestion {
            id: corpus.entries[e].id.clone(),
            question: corpus.entries[e].question.clone(),
            score: score(e),
        })
        .collect();
    (!suggestions.is_empty()).then_some(Clarify {
        about: Some(about),
        suggestions,
    })
}

/// When the question asks a role about an aspect that a role attribute answers, and no entry
/// covers that role and aspect: the attribute from `roles.toml`, or a decline saying the source
/// does not state it, with the entries about that aspect (for other roles) as suggestions.
/// `compares` is true when the sentence that asks compares roles ("MLT vs lab assistant").
pub(super) fn from_role_profile(
    index: &Index,
    q: &Reading,
    ranked: &[Candidate],
    salient: &[Salient],
    compares: bool,
) -> Option<Reply> {
    let corpus = index.corpus();
    // Only a focused question: named roles, an aspect a role attribute answers, and hardly any
    // other words ("how long is phlebotomy school"). In a longer story, a role and "school" are
    // not a question about that role's education.
    if q.roles.is_empty() || q.other_words > MAX_OTHER_WORDS {
        return None;
    }
    // A specific aspect before a broad one: "do MAs have to be certified" asks about
    // certification more than about what is required.
    let broad = |a: usize| corpus.aspects[a].broad;
    let (aspect, attribute) = q
        .aspects
        .iter()
        .filter(|&&a| !broad(a))
        .chain(q.aspects.iter().filter(|&&a| broad(a)))
        .find_map(|&a| corpus.aspects[a].attribute.map(|attr| (a, attr)))?;
    // "No entry covers it": no entry in the whole FAQ is about that role and this aspect. When
    // one is, the entries answer (or decline), not the profile.
    let covered_for = |role: usize| {
        (0..corpus.entries.len()).any(|e| {
            let p = index.profile(e);
            p.aspects.contains(&aspect) && p.roles.contains(&role)
        })
    };
    let not_stated = |role: usize| {
        let text = corpus.roles[role].attribute(attribute).trim();
        (text == NOT_STATED || text.is_empty()) && !covered_for(role)
    };
    // Several roles: a comparison ("do phlebotomists make more than MLTs?") needs every side, so
    // the source's silence about one of them is the answer; roles merely named together ("my ma
    // says lab techs don't make real money, how much do they make?") need it silent about all.
    let unstated: Vec<usize> = q.roles.iter().copied().filter(|&r| not_stated(r)).collect();
    let role = match (&q.roles[..], unstated.first()) {
        ([role], None) if !covered_for(*role) => *role,
        ([_], Some(&role)) => role,
        (_, Some(&role)) if compares || unstated.len() == q.roles.len() => role,
        _ => return None,
    };
    let r = &corpus.roles[role];
    if not_stated(role) {
        let names: Vec<&str> = unstated
            .iter()
            .map(|&r| corpus.roles[r].name.as_str())
            .collect();
        // Entries about the aspect for other roles: what the FAQ does say. They are offered, not
        // answered: a figure for technicians is not a figure for phlebotomists.
        let mut about: Vec<Candidate> = (0..corpus.entries.len())
            .filter(|&e| index.profile(e).aspects.contains(&aspect))
            .map(|e| {
                let score = ranked
                    .iter()
                    .find(|c| c.entry == e)
                    .map_or(0.0, |c| shown(c.score));
                Candidate { entry: e, score }
            })
            .collect();
        about.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.entry.cmp(&b.entry)));
        return Some(Reply::Decline(Decline {
            reason: DeclineReason::NotStated {
                role: names.join(" or "),
                aspect: corpus.aspects[aspect].name.clone(),
            },
            best_score: ranked.first().map_or(0.0, |c| shown(c.score)),
            suggestions: about
                .into_iter()
                .take(MORE)
                .map(|c| Suggestion {
                    id: corpus.entries[c.entry].id.clone(),
                    question: corpus.entries[c.entry].question.clone(),
                    score: shown(c.score),
                })
                .collect(),
        }));
    }
    // The profile answers one aspect: "what education do you need" (education and what is
    // required, both broad) is one, "what are the requirements for phlebotomy certification" is
    // not. And it must say everything specific the question names.
    let others = q.aspects.iter().filter(|&&a| a != aspect);
    let one_aspect = if broad(aspect) {
        others.clone().all(|&a| broad(a))
    } else {
        others.clone().next().is_none()
    };
    if !one_aspect || !index.text_accounts_for(r.attribute(attribute), salient) {
        return None;
    }
    Some(Reply::Answer(role_answer(
        index, corpus, role, r, attribute,
    )))
}

/// An answer made of one attribute of a role profile. Its id is `role-id:attribute`
/// ("medical-assistant:typical_length"), which no entry id can be.
fn role_answer(
    index: &Index,
    corpus: &Corpus,
    role: usize,
    r: &Role,
    attribute: RoleAttribute,
) -> Answer {
    let related: Vec<Related> = (0..corpus.entries.len())
        .filter(|&e| index.profile(e).roles.contains(&role))
        .take(MORE)
        .map(|e| {
            let a = answer_of(corpus, &corpus.entries[e], 0.0);
            Related {
                id: a.id,
                question: a.question,
            }
        })
        .collect();
    Answer {
        id: format!("{}:{}", r.id, attribute.key()),
        question: format!("{}: {}", r.name, attribute.label().to_lowercase()),
        answer: r.attribute(attribute).to_string(),
        source: Some("Role profile, from the medical technician career guide".to_string()),
        related,
        score: 1.0,
    }
}
