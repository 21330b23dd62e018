//! The decision: a ranking and the question's reading turned into a [`Reply`].
//!
//! The three outcomes:
//! - **answer** when the best entry scores at least `answer` and leads the runner-up by `margin`
//!   (less as the best nears a perfect score);
//! - **clarify** with up to `max_suggestions` entries scoring at least `clarify`;
//! - **decline** otherwise, and always for greetings and questions about other fields.
//!
//! Before any threshold, the question's roles and aspects rule out entries about another role or
//! aspect, and one role's attribute that no entry covers is answered from `roles.toml` (see
//! [`super::topics`]).

use super::coverage::{self, Salient};
use super::index::{Index, Profile};
use super::reading::Reading;
use super::score::{Candidate, Ranking};
use super::weights::{shown, Thresholds};
use super::{topics, Analysis};
use crate::corpus::{Corpus, Entry};
use crate::reply::{Answer, Clarify, Decline, DeclineReason, Related, Reply, Suggestion};

/// Most entries offered with a decline for something the FAQ does not cover.
const NEAREST: usize = 3;

/// Applies the reading and the thresholds to an analysed question.
///
/// In order: a question about another field, or with no words, is declined; so is one about an
/// aspect no entry covers; one that names only a role or a generic word gets that role's topics;
/// entries whose roles or aspects contradict the question's are set aside; one role's attribute
/// that no entry covers is answered from `roles.toml` (or declined when the source does not state
/// it); entries that do not account for what the question names are set aside (see
/// [`covering`]); then the best remaining entry is answered if it scores high and clearly leads,
/// else the plausible ones are offered.
pub fn decide(index: &Index, analysis: &Analysis, t: &Thresholds) -> Reply {
    let q = &analysis.question.asked;
    let salient = coverage::salient(index, &analysis.question);
    let ranked = match &analysis.ranking {
        Ranking::NoQuestion => return decline(DeclineReason::NoQuestion, 0.0),
        Ranking::OffTopic(word) => return decline(DeclineReason::OffTopic(word.clone()), 0.0),
        Ranking::Ranked(r) => r,
    };
    // Aspects no entry covers, asked about ("when was NAACLS formed?", "what is the tuition?"):
    // the nearest entry about something else is not the answer.
    if asks_only_uncovered(index, analysis) {
        return decline(not_found(index, analysis, &salient), best_of(ranked));
    }
    if q.aspects.is_empty() && q.other_words == 0 {
        if let Some(topics) = topics::for_reading(index, q, ranked, t) {
            return Reply::Clarify(topics);
        }
    }
    // An entry contradicts the question only when it is about none of the aspects asked or told
    // around the question: "my program isn't accredited... will that hurt me for the board
    // exam?" is about accreditation too.
    let allowed = allowed_aspects(index, q, &analysis.question.told_aspects());
    let compares_roles = index.asks_to_compare(q);
    let fits: Vec<Candidate> = ranked
        .iter()
        .copied()
        .filter(|c| !contradicts_within(q, &allowed, compares_roles, index.profile(c.entry)))
        .collect();
    let compares = index.asks_to_compare(&analysis.question.asking_sentences().1);
    if let Some(reply) = topics::from_role_profile(index, q, ranked, &salient, compares) {
        return reply;
    }
    let corpus = index.corpus();
    let fits = match covering(index, q, &fits, &salient, t) {
        Ok(fits) => fits,
        Err(uncovered) => {
            return Reply::Decline(Decline {
                best_score: best_of(ranked),
                ..uncovered
            })
        }
    };
    let Some(best) = fits.first().copied() else {
        return decline(not_found(index, analysis, &salient), best_of(ranked));
    };
    let plausible: Vec<Candidate> = fits
        .iter()
        .copied()
        .take_while(|c| c.score >= t.clarify)
        .collect();
    // Scores already favour entries whose roles and aspects fit the question, so suggestions go
    // best first. The best entry is answered when it clearly leads, or when it is the only
    // plausible one about every aspect asked (and the role named): it needs no lead then.
    let agreeing = plausible
        .iter()
        .filter(|c| agrees(index, q, index.profile(c.entry)))
        .count();
    let runner_up = fits.get(1).map_or(0.0, |c| c.score);
    let clear_lead =
        best.score > runner_up && best.score - runner_up >= t.required_margin(best.score);
    let only_agreeing = agreeing == 1 && agrees(index, q, index.profile(best.entry));
    if shown(best.score) >= t.answer && (clear_lead || only_agreeing) {
        return Reply::Answer(answer_of(corpus, &corpus.entries[best.entry], best.score));
    }
    let suggestions: Vec<Suggestion> = plausible
        .into_iter()
        .take(t.max_suggestions)
        .map(|c| suggestion(corpus, c))
        .collect();
    if suggestions.is_empty() {
        decline(not_found(index, analysis, &salient), shown(best.score))
    } else {
        Reply::Clarify(Clarify {
            about: None,
            suggestions,
        })
    }
}

/// Coverage, not closeness: of the entries that fit, those that account for every specific thing
/// the question names, each scored down for the ordinary words (and, by
/// [`super::Weights::aspect_unaccounted`], the asked aspects) it leaves out, best first. When the
/// best fitting entry leaves something out and nothing that covers everything can be answered,
/// the decline that names what it left out, with the nearest entries as suggestions.
fn covering(
    index: &Index,
    q: &Reading,
    fits: &[Candidate],
    salient: &[Salient],
    t: &Thresholds,
) -> Result<Vec<Candidate>, Decline> {
    let mut covering: Vec<Candidate> = fits
        .iter()
        .filter_map(|c| {
            let score = index.covered_score(c.entry, c.score, salient, &q.aspects)?;
            Some(Candidate { score, ..*c })
        })
        .collect();
    covering.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.entry.cmp(&b.entry)));
    let Some(best) = fits.first() else {
        return Ok(covering);
    };
    let left_out = index.unaccounted(best.entry, salient);
    let lost = covering.first().is_none_or(|c| shown(c.score) < t.answer);
    if left_out.is_empty() || !lost || shown(best.score) < t.clarify {
        return Ok(covering);
    }
    Err(Decline {
        reason: DeclineReason::Uncovered(left_out.into_iter().map(Salient::shown).collect()),
        best_score: shown(best.score),
        suggestions: fits
            .iter()
            .take_while(|c| c.score >= t.clarify)
            .take(NEAREST)
            .map(|&c| suggestion(index.corpus(), c))
            .collect(),
    })
}

/// True when an entry's roles or aspects say it is about something else than the question:
/// another role (or only roles the member excluded), other aspects (its specific ones, when it
/// asks any), or, for a comparison of several roles ("MLT vs phlebotomist"), not all of them
/// ("MLT vs MLS" is another comparison).
pub fn contradicts(index: &Index, q: &Reading, p: &Profile) -> bool {
    let allowed = allowed_aspects(index, q, &[]);
    contradicts_within(q, &allowed, index.asks_to_compare(q), p)
}

/// The aspects an entry must share one of: when the question asks something specific, a broad
/// aspect beside it ("why is it important", "do I need") is only its frame, so the specific
/// ones; else all it asks. Widened by the aspects told around the question (`context`): "my
/// program isn't accredited… will that hurt me for the board exam?" is about accreditation too.
fn allowed_aspects(index: &Index, q: &Reading, context: &[usize]) -> Vec<usize> {
    let specific = |a: &usize| index.covers(*a) && !index.corpus().aspects[*a].broad;
    let mut allowed: Vec<usize> = if q.aspects.iter().any(specific) {
        q.aspects.iter().copied().filter(specific).collect()
    } else {
        q.aspects.to_vec()
    };
    for &a in context {
        if !allowed.contains(&a) {
            allowed.push(a);
        }
    }
    allowed
}

/// [`contradicts`], with what it needs of the question worked out once per question: the
/// aspects an entry may be about (see [`allowed_aspects`]) and whether it asks for a comparison
/// ([`Index::asks_to_compare`]).
fn contradicts_within(q: &Reading, allowed: &[usize], compares: bool, p: &Profile) -> bool {
    let disjoint = |a: &[usize], b: &[usize]| {
        !a.is_empty() && !b.is_empty() && !a.iter().any(|x| b.contains(x))
    };
    disjoint(&q.roles, &p.roles)
        || (!p.roles.is_empty() && p.roles.iter().all(|r| q.excluded.contains(r)))
        || disjoint(allowed, &p.aspects)
        || (compares
            && q.roles.len() > 1
            && !p.roles.is_empty()
            && !q.roles.iter().all(|r| p.roles.contains(r)))
}

/// True when an entry is about every aspect the question asks (that the FAQ covers, at least one),
/// and about its role when the question names one.
pub fn agrees(index: &Index, q: &Reading, p: &Profile) -> bool {
    let mut asked = q.aspects.iter().filter(|&&a| index.covers(a)).peekable();
    asked.peek().is_some()
        && asked.all(|a| p.aspects.contains(a))
        && (q.roles.is_empty() || q.roles.iter().any(|r| p.roles.contains(r)))
}

/// True when every asking sentence that names an aspect asks about one the FAQ does not cover.
/// In the clause that asks, an uncovered aspect wins over a covered one ("what's MLT pay in
/// Texas?"). From another clause of the sentence it wins over broad aspects only (see
/// [`crate::corpus::Aspect::broad`]): "my GPA is 2.6, will any MLS program take me?" asks about
/// admissions, but "what is NAACLS, the cheapest school near me doesn't mention it" still asks
/// about accreditation.
fn asks_only_uncovered(index: &Index, analysis: &Analysis) -> bool {
    #[derive(Default)]
    struct Sentence {
        named: bool,
        asked_uncovered: bool,
        asked_specific: bool,
        told_uncovered: bool,
    }
    let aspects = &index.corpus().aspects;
    let mut sentences: Vec<(usize, Sentence)> = Vec::new();
    let q = &analysis.question;
    let clauses = q
        .clauses
        .iter()
        .zip(&q.readings)
        .zip(&q.asking)
        .zip(&q.in_asking_sentence)
        .zip(&q.referenced_by);
    for ((((clause, reading), &asks), &in_asking), &referenced_by) in clauses {
        if !(in_asking || referenced_by.is_some()) || reading.aspects.is_empty() {
            continue;
        }
        // What the question points back at is asked: "I have a misdemeanor. Will that stop me?"
        let (sentence, asks) = match referenced_by {
            Some(k) => (k, true),
            None => (clause.sentence, asks),
        };
        let i = match sentences.iter().position(|(s, _)| *s == sentence) {
            Some(i) => i,
            None => {
                sentences.push((sentence, Sentence::default()));
                sentences.len() - 1
            }
        };
        let s = &mut sentences[i].1;
        s.named = true;
        let uncovered = reading.aspects.iter().any(|&a| !index.covers(a));
        if asks {
            s.asked_uncovered |= uncovered;
            s.asked_specific |= reading
                .aspects
                .iter()
                .any(|&a| index.covers(a) && !aspects[a].broad);
        } else {
            s.told_uncovered |= uncovered;
        }
    }
    let mut named = sentences
        .iter()
        .map(|(_, s)| s)
        .filter(|s| s.named)
        .peekable();
    named.peek().is_some()
        && named.all(|s| s.asked_uncovered || (s.told_uncovered && !s.asked_specific))
}

/// Why nothing answers: an aspect the FAQ does not cover that the question asks (or tells, around
/// what it asks), else no match.
fn not_found(index: &Index, analysis: &Analysis, salient: &[Salient]) -> DeclineReason {
    let asked = analysis.question.asked.aspects.iter();
    if let Some(&a) = asked
        .chain(&analysis.question.context.aspects)
        .find(|&&a| !index.covers(a))
    {
        return DeclineReason::NotCovered(index.corpus().aspects[a].name.clone());
    }
    // Else what the question names that the nearest entry says nothing on, if it is specific
    // ("DLM"): a decline says what it has no answer about.
    let nearest = match &analysis.ranking {
        Ranking::Ranked(r) => r.first().map(|c| c.entry),
        _ => None,
    };
    let terms: Vec<String> = salient
        .iter()
        .filter(|s| s.specific && nearest.is_none_or(|e| !index.accounts_for(e, s)))
        .map(|s| s.shown())
        .collect();
    if terms.is_empty() {
        DeclineReason::NoMatch
    } else {
        DeclineReason::Uncovered(terms)
    }
}

/// The best score of a ranking, capped at 1 as replies show scores.
fn best_of(ranked: &[Candidate]) -> f32 {
    ranked.first().map_or(0.0, |c| shown(c.score))
}

fn suggestion(corpus: &Corpus, c: Candidate) -> Suggestion {
    Suggestion {
        id: corpus.entries[c.entry].id.clone(),
        question: corpus.entries[c.entry].question.clone(),
        score: shown(c.score),
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
        score: shown(score),
    }
}

fn decline(reason: DeclineReason, best_score: f32) -> Reply {
    Reply::Decline(Decline {
        reason,
        best_score,
        suggestions: Vec::new(),
    })
}
