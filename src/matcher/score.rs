//! Ranking the entries against a read [`Question`].
//!
//! A question is scored against an entry by two coverages:
//! - **phrasing coverage**: how much of the entry's best phrasing the question contains;
//! - **question coverage**: how much of the question the entry explains (full credit for words of
//!   its phrasings, partial credit for words only in its answer, none for words the FAQ never
//!   uses).
//!
//! The word score is phrasing coverage × √(question coverage), so an entry needs both: "how much
//! does a software engineer make" covers a salary phrasing, but "software engineer" is explained by
//! nothing and pulls it down. Long messages are scored by their best window of up to three
//! clauses, one of which asks. Then [`fit`] (how well the entry's roles and aspects fit the
//! question's) lifts the score by up to [`Weights::fit_lift`].
//!
//! Another field's word where the question is, and none of our roles there, ends it before any
//! scoring: the ranking says [`Ranking::OffTopic`].

use rustc_hash::FxHashMap as HashMap;

use super::index::{terms, Index, Profile};
use super::question::Question;
use super::reading::Reading;
use super::weights::Weights;

/// Most clauses in one scoring window.
const WINDOW_CLAUSES: usize = 3;
/// Entries kept from the fast first pass for exact scoring.
const FIRST_PASS_KEEP: usize = 32;

/// One scored candidate entry.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Candidate {
    /// Index into [`crate::corpus::Corpus::entries`].
    pub entry: usize,
    /// Score: words in 0..=1 plus the fit of roles and aspects, so up to 1 +
    /// [`Weights::fit_lift`] for ranking; replies show it capped at 1 (see
    /// [`super::weights::shown`]).
    pub score: f32,
}

/// What the index concluded about a question before any threshold is applied.
#[derive(Debug, Clone, PartialEq)]
pub enum Ranking {
    /// No words that could name a topic.
    NoQuestion,
    /// The question is about another field; the word that shows it.
    OffTopic(String),
    /// Candidates, best first (possibly empty).
    Ranked(Vec<Candidate>),
}

/// A term of a question: known to the index, or unknown (numbered within the question) with the
/// weight it still carries.
#[derive(Debug, Clone, Copy, PartialEq)]
enum QueryTerm {
    Known(u32),
    Unknown { id: u32, weight: f32 },
}

/// A window of question terms, ready to score: each known term with its weighted contribution.
struct Window {
    /// Known term → (weighted contribution, inside the window rather than context).
    known: HashMap<u32, (f32, bool)>,
    /// Weight of the terms inside the window, known or not.
    inside_total: f32,
    /// Share of that weight the FAQ knows at all (0..=1): low for a story full of specifics.
    known_share: f32,
}

impl Index {
    /// Ranks every entry against a question. Deterministic; never panics.
    pub fn rank(&self, question: &str) -> Ranking {
        self.rank_question(&self.read(question))
    }

    /// Ranks every entry against a read question.
    pub fn rank_question(&self, q: &Question) -> Ranking {
        // Another field named in a sentence that asks, and none of ours there: "I have an MLT
        // degree. How do I become a histo tech?" asks about histotechnology; "my hospital is
        // hiring pharmacy techs, is that a good job?" about pharmacy. And another field's word
        // anywhere, with none of our roles anywhere.
        let (asked_clauses, asked_roles) = q.asking_sentences();
        if let Some(word) = self
            .reader
            .other_field(asked_clauses.iter().copied(), &asked_roles, &self.analyzer)
            .or_else(|| {
                self.reader
                    .other_field(&q.clauses, &q.context, &self.analyzer)
            })
        {
            return Ranking::OffTopic(word);
        }
        // "radiology tech vs MLT, which pays more?": a comparison with a job the FAQ does not
        // cover is about that job too, even though it names one of ours.
        let compares = q
            .asked
            .aspects
            .iter()
            .any(|&a| self.corpus.aspects[a].compares);
        if compares {
            if let Some(word) = self.reader.other_field(
                asked_clauses.iter().copied(),
                &Reading::default(),
                &self.analyzer,
            ) {
                return Ranking::OffTopic(word);
            }
        }
        let mut unknown: Vec<String> = Vec::new();
        let clause_terms: Vec<Vec<QueryTerm>> = q
            .readings
            .iter()
            .map(|r| {
                terms(&self.analyzer, r, &self.corpus)
                    .into_iter()
                    .map(|t| self.query_term(t, &mut unknown))
                    .collect()
            })
            .collect();
        if clause_terms.iter().all(Vec::is_empty) {
            return Ranking::NoQuestion;
        }

        let whole: Vec<QueryTerm> = dedup(clause_terms.iter().flatten().copied());
        let shortlist = self.first_pass(&whole);

        // Windows: up to WINDOW_CLAUSES consecutive clauses read as the question, plus the words
        // of the other clauses that the FAQ knows, at `context_weight`. Words the FAQ never uses
        // count against an entry only inside the window, so the story around a question ("I'm a
        // senior in high school…") does not drown it; known words around it support the entries
        // that explain them and weigh less on the others (see `score`).
        // Only windows holding an asking clause: "I know the average salary is $38,000. What is the
        // starting salary?" asks about starting pay, not about the average.
        let mut windows: Vec<Vec<(QueryTerm, f32)>> = Vec::new();
        for start in 0..clause_terms.len() {
            for len in 1..=WINDOW_CLAUSES.min(clause_terms.len() - start) {
                if !q.asking[start..start + len].iter().any(|&a| a) {
                    continue;
                }
                let inside = &clause_terms[start..start + len];
                let mut w: Vec<(QueryTerm, f32)> = dedup(inside.iter().flatten().copied())
                    .into_iter()
                    .map(|t| (t, 1.0))
                    .collect();
                for &t in whole.iter() {
                    if matches!(t, QueryTerm::Known(_)) && !w.iter().any(|(u, _)| *u == t) {
                        w.push((t, self.weights.context_weight));
                    }
                }
                if !w.is_empty() && !windows.contains(&w) {
                    windows.push(w);
                }
            }
        }

        let windows: Vec<Window> = windows.into_iter().map(|w| self.window(w)).collect();
        let mut ranked: Vec<Candidate> = shortlist
            .into_iter()
            .filter_map(|entry| {
                // The best window for this entry, and how much of it the FAQ knows.
                let (words, known_share) = windows
                    .iter()
                    .map(|w| (self.score(w, entry), w.known_share))
                    .fold(
                        (0.0f32, 0.0f32),
                        |best, x| if x.0 > best.0 { x } else { best },
                    );
                if words <= 0.0 {
                    return None;
                }
                let fit = fit(
                    &q.asked,
                    &self.profiles[entry],
                    &self.covered,
                    self.main_role,
                    &self.weights,
                );
                Some(Candidate {
                    entry,
                    score: words + self.weights.fit_lift * fit * known_share * known_share,
                })
            })
            .collect();
        ranked.sort_by(|a, b| b.score.total_cmp(&a.score).then(a.entry.cmp(&b.entry)));
        Ranking::Ranked(ranked)
    }

    /// Looks a term up; terms the index lacks are numbered in `unknown` so repeats stay one term.
    fn query_term(&self, term: String, unknown: &mut Vec<String>) -> QueryTerm {
        if let Some(&id) = self.term_ids.get(&term) {
            return QueryTerm::Known(id);
        }
        // A bare number ("10 years", "4") says little on its own.
        let weight = if term.chars().all(|c| c.is_ascii_digit()) {
            0.0
        } else {
            self.unknown_weight
        };
        let id = match unknown.iter().position(|u| *u == term) {
            Some(i) => i,
            None => {
                unknown.push(term);
                unknown.len() - 1
            }
        } as u32;
        QueryTerm::Unknown { id, weight }
    }

    fn term_weight(&self, t: QueryTerm) -> f32 {
        match t {
            QueryTerm::Known(id) => self.idf[id as usize],
            QueryTerm::Unknown { weight, .. } => weight,
        }
    }

    /// Entries worth scoring exactly: those whose best phrasing shares the most weight with the
    /// whole question. A window holds a subset of the question's terms, so it can only cover a
    /// phrasing less: this pass is an upper bound on phrasing coverage.
    fn first_pass(&self, whole: &[QueryTerm]) -> Vec<usize> {
        let mut matched: HashMap<u32, f32> = HashMap::default();
        for t in whole {
            if let QueryTerm::Known(id) = *t {
                let w = self.idf[id as usize];
                for &p in &self.postings[id as usize] {
                    *matched.entry(p).or_default() += w;
                }
            }
        }
        let mut best: HashMap<usize, f32> = HashMap::default();
        for (p, m) in matched {
            let phrasing = &self.phrasings[p as usize];
            let cover = m / phrasing.total;
            let slot = best.entry(phrasing.entry).or_default();
            *slot = slot.max(cover);
        }
        let mut by_cover: Vec<(usize, f32)> = best.into_iter().collect();
        by_cover.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        by_cover.truncate(FIRST_PASS_KEEP);
        by_cover.into_iter().map(|(e, _)| e).collect()
    }

    /// Prepares a window for scoring against many entries.
    fn window(&self, terms: Vec<(QueryTerm, f32)>) -> Window {
        let inside_total: f32 = terms
            .iter()
            .filter(|(_, f)| *f >= 1.0)
            .map(|&(t, _)| self.term_weight(t))
            .sum();
        let known: HashMap<u32, (f32, bool)> = terms
            .iter()
            .filter_map(|&(t, factor)| match t {
                QueryTerm::Known(id) => Some((id, (self.idf[id as usize] * factor, factor >= 1.0))),
                QueryTerm::Unknown { .. } => None,
            })
            .collect();
        let known_inside: f32 = known
            .values()
            .filter(|(_, inside)| *inside)
            .map(|(w, _)| w)
            .sum();
        let known_share = if inside_total > 0.0 {
            (known_inside / inside_total).clamp(0.0, 1.0)
        } else {
            0.0
        };
        Window {
            known,
            inside_total,
            known_share,
        }
    }

    /// Word score (0..=1) of one window of question terms against one entry.
    ///
    /// Terms inside the window all count; context terms count fully where the entry explains
    /// them and only partly where it does not, so the story around a question supports the
    /// entries it is about more than it sinks the others.
    fn score(&self, window: &Window, entry: usize) -> f32 {
        let credit = &self.entry_credit[entry];
        let mut total = window.inside_total;
        let mut explained = 0.0;
        for (id, &(w, inside)) in &window.known {
            let c = credit.get(id).copied().unwrap_or(0.0);
            explained += w * c;
            if !inside {
                total += if c > 0.0 {
                    w
                } else {
                    w * self.weights.unexplained_context
                };
            }
        }
        if total <= 0.0 || explained <= 0.0 {
            return 0.0;
        }
        let question_coverage = explained / total;
        let phrasing_coverage = self.phrasings[self.entry_phrasings[entry].clone()]
            .iter()
            .map(|p| {
                let m: f32 = p
                    .terms
                    .iter()
                    .filter_map(|id| window.known.get(id).map(|(w, _)| w))
                    .sum();
                m / p.total
            })
            .fold(0.0, f32::max);
        // Phrasing coverage leads; question coverage (under a square root) tempers it, so one
        // unexplained word lowers the score without sinking an otherwise exact match.
        phrasing_coverage * question_coverage.sqrt()
    }
}

/// How well an entry's roles and aspects fit the question's, 0..=1: the share of the question's
/// (covered) aspects the entry answers, tempered by how many other aspects it is about, times the
/// squared share of the question's roles it is about ("MLT vs phlebotomist" is not answered by
/// "MLT vs MLS"). An entry that names no role fits [`Weights::roleless_fit`]. A question that
/// names no role is about `main_role` (the role most entries are about): an entry about other
/// roles only fits [`Weights::other_role_fit`]. 0 when the question names no aspect.
pub fn fit(
    q: &Reading,
    p: &Profile,
    covered: &[bool],
    main_role: Option<usize>,
    w: &Weights,
) -> f32 {
    let asked: Vec<usize> = q.aspects.iter().copied().filter(|&a| covered[a]).collect();
    if asked.is_empty() || p.aspects.is_empty() {
        return 0.0;
    }
    let shared = asked.iter().filter(|a| p.aspects.contains(a)).count() as f32;
    let aspects = (shared / asked.len() as f32) * (shared / p.aspects.len() as f32).sqrt();
    let roles = if p.roles.is_empty() {
        w.roleless_fit
    } else if q.roles.is_empty() {
        match main_role {
            Some(main) if !p.roles.contains(&main) => w.other_role_fit,
            _ => 1.0,
        }
    } else {
        let share =
            q.roles.iter().filter(|r| p.roles.contains(r)).count() as f32 / q.roles.len() as f32;
        share * share
    };
    aspects * roles
}

/// Removes repeated terms, keeping the first occurrence.
fn dedup(terms: impl Iterator<Item = QueryTerm>) -> Vec<QueryTerm> {
    let mut out: Vec<QueryTerm> = Vec::new();
    for t in terms {
        if !out.contains(&t) {
            out.push(t);
        }
    }
    out
}
