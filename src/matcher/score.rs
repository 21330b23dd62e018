//! Scoring the shortlisted entries exactly against a read [`Question`].
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
//! Which entries are scored is the [`super::shortlist`]'s job.

use std::ops::Range;

use smallvec::SmallVec;

use super::index::{best_coverage, EntryTerm, Index, Profile};
use super::question::Question;
use super::shortlist::{Candidates, QueryTerm, Shortlist};
use super::weights::Weights;

/// Most clauses in one scoring window.
const WINDOW_CLAUSES: usize = 3;

/// How many of a term's entries [`Index::said_by`] walks per candidate before it looks the term
/// up in each candidate instead (a lookup is a binary search of a few steps).
const WALK_PER_CANDIDATE: usize = 4;

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

/// A window of question terms, ready to score; its known terms and weights are ranges of its
/// [`Windows`]' flat lists.
struct Window {
    /// Its known terms in window order, in [`Windows::known`].
    known: Range<usize>,
    /// Its weight per slot, in [`Windows::weights`].
    weights: Range<usize>,
    /// Weight of the terms inside the window, known or not.
    inside_total: f32,
    /// Share of that weight the FAQ knows at all (0..=1): low for a story full of specifics.
    known_share: f32,
    /// True when every known term is inside the window, at full weight: its phrasing coverage of
    /// an entry is then the shortlist's ([`Candidates::covers`]).
    all_inside: bool,
}

/// The windows of a question, with their terms in flat lists: inline for a short message, and
/// one allocation per list however many windows a long one has.
#[derive(Default)]
struct Windows {
    list: SmallVec<[Window; 4]>,
    /// Every window's known terms: (slot, weighted contribution, inside the window rather than
    /// context).
    known: SmallVec<[(usize, f32, bool); 16]>,
    /// Every window's weight per slot (the term's weighted contribution).
    weights: SmallVec<[f32; 16]>,
}

impl Windows {
    /// A window's known terms.
    fn known(&self, w: &Window) -> &[(usize, f32, bool)] {
        &self.known[w.known.clone()]
    }

    /// A window's weight per slot.
    fn weights(&self, w: &Window) -> &[f32] {
        &self.weights[w.weights.clone()]
    }
}

impl Index {
    /// Ranks every entry against a question. Deterministic; never panics.
    pub fn rank(&self, question: &str) -> Ranking {
        self.rank_question(&self.read(question))
    }

    /// Ranks every entry against a read question: [`Index::shortlist`], then [`Index::score`].
    pub fn rank_question(&self, q: &Question) -> Ranking {
        match self.shortlist(q) {
            Shortlist::Settled(ranking) => ranking,
            Shortlist::Candidates(c) => self.score(q, &c),
        }
    }

    /// Scores the shortlisted entries exactly; the candidates best first.
    pub fn score(&self, q: &Question, c: &Candidates) -> Ranking {
        // The question's known terms, each once: windows and entries refer to them by slot.
        let known: SmallVec<[u32; 16]> = c
            .whole
            .iter()
            .filter_map(|t| match *t {
                QueryTerm::Known(id) => Some(id),
                QueryTerm::Unknown { .. } => None,
            })
            .collect();
        let windows = self.windows(q, c, &known);
        let said_by = self.said_by(&c.entries, &known);
        // The aspects asked that the FAQ covers: what an entry's aspects must fit.
        let asked: SmallVec<[usize; 4]> = (q.asked.aspects.iter().copied())
            .filter(|&a| self.covers(a))
            .collect();
        // Per phrasing of a candidate, the weight of the window it holds (reused).
        let mut held: Vec<f32> = Vec::new();
        let mut ranked: Vec<Candidate> = Vec::with_capacity(c.entries.len());
        for (pos, &entry) in c.entries.iter().enumerate() {
            let said = &said_by[pos * known.len()..(pos + 1) * known.len()];
            let phrasings = self.phrasings.of_entry[entry].clone();
            let totals = &self.phrasings.total[phrasings.start as usize..phrasings.end as usize];
            // The best window for this entry, and how much of it the FAQ knows.
            let (words, known_share) = windows
                .list
                .iter()
                .map(|w| {
                    let cover = w.all_inside.then(|| c.covers[pos]);
                    let words = self.word_score(&windows, w, said, totals, cover, &mut held);
                    (words, w.known_share)
                })
                .fold(
                    (0.0f32, 0.0f32),
                    |best, x| if x.0 > best.0 { x } else { best },
                );
            if words <= 0.0 {
                continue;
            }
            let fit = fit(
                &asked,
                &q.asked.roles,
                &self.profiles[entry],
                self.main_role,
                &self.weights,
            );
            ranked.push(Candidate {
                entry,
                score: words + self.weights.fit_lift * fit * known_share * known_share,
            });
        }
        // Entries are distinct: an unstable sort gives the one order there is.
        ranked.sort_unstable_by(|a, b| b.score.total_cmp(&a.score).then(a.entry.cmp(&b.entry)));
        Ranking::Ranked(ranked)
    }

    /// Each known term (by slot) as each candidate says it: row `pos` of the result (`known.len()`
    /// wide) is for `entries[pos]` (in entry order). A term few entries explain is found by
    /// walking its entries beside the candidates (both in entry order); a common one by looking
    /// it up in each candidate's terms, whichever touches less.
    fn said_by(&self, entries: &[usize], known: &[u32]) -> Vec<EntryTerm<'_>> {
        debug_assert!(entries.windows(2).all(|p| p[0] < p[1]), "in entry order");
        let width = known.len();
        let mut said = vec![EntryTerm::default(); entries.len() * width];
        for (slot, &id) in known.iter().enumerate() {
            let explained_by = self.term_entries(id);
            // A lookup among an entry's terms is a binary search: a handful of steps each.
            if explained_by.len() <= WALK_PER_CANDIDATE * entries.len() {
                let mut pos = 0;
                for &(entry, at) in explained_by {
                    let entry = entry as usize;
                    while pos < entries.len() && entries[pos] < entry {
                        pos += 1;
                    }
                    match entries.get(pos) {
                        None => break,
                        Some(&e) if e == entry => {
                            said[pos * width + slot] = self.entry_term_at(at);
                        }
                        Some(_) => {}
                    }
                }
            } else {
                for (pos, &entry) in entries.iter().enumerate() {
                    said[pos * width + slot] = self.entry_term(entry, id);
                }
            }
        }
        said
    }

    /// The windows of a question, ready to score (`known`: its known terms, by slot).
    ///
    /// A window is up to [`WINDOW_CLAUSES`] consecutive clauses read as the question, plus the
    /// words of the other clauses that the FAQ knows, at `context_weight`. Words the FAQ never
    /// uses count against an entry only inside the window, so the story around a question ("I'm
    /// a senior in high school…") does not drown it; known words around it support the entries
    /// that explain them and weigh less on the others (see [`Index::word_score`]). Only windows
    /// holding an asking clause: "I know the average salary is $38,000. What is the starting
    /// salary?" asks about starting pay, not about the average.
    fn windows(&self, q: &Question, c: &Candidates, known: &[u32]) -> Windows {
        let clause_terms = &c.clause_terms;
        // Every window's terms, window after window, each once in a window.
        let mut terms: SmallVec<[(QueryTerm, f32); 32]> = SmallVec::new();
        let mut spans: SmallVec<[Range<usize>; 8]> = SmallVec::new();
        for start in 0..clause_terms.len() {
            for len in 1..=WINDOW_CLAUSES.min(clause_terms.len() - start) {
                if !q.asking[start..start + len].iter().any(|&a| a) {
                    continue;
                }
                let from = terms.len();
                let inside = clause_terms[start..start + len].iter().flatten();
                for &t in inside {
                    if !terms[from..].iter().any(|&(u, _)| u == t) {
                        terms.push((t, 1.0));
                    }
                }
                for &t in &c.whole {
                    if matches!(t, QueryTerm::Known(_))
                        && !terms[from..].iter().any(|&(u, _)| u == t)
                    {
                        terms.push((t, self.weights.context_weight));
                    }
                }
                let span = from..terms.len();
                let seen = spans
                    .iter()
                    .any(|s| terms[s.clone()] == terms[span.clone()]);
                if span.is_empty() || seen {
                    terms.truncate(from);
                } else {
                    spans.push(span);
                }
            }
        }
        let mut windows = Windows {
            list: SmallVec::with_capacity(spans.len()),
            known: SmallVec::with_capacity(terms.len()),
            weights: SmallVec::from_elem(0.0, spans.len() * known.len()),
        };
        for (i, span) in spans.into_iter().enumerate() {
            let weights = i * known.len()..(i + 1) * known.len();
            let window = self.window(&terms[span], known, &mut windows, weights);
            windows.list.push(window);
        }
        windows
    }

    fn term_weight(&self, t: QueryTerm) -> f32 {
        match t {
            QueryTerm::Known(id) => self.idf[id as usize],
            QueryTerm::Unknown { weight, .. } => weight,
        }
    }

    /// Prepares a window for scoring against many entries, its known terms and weights (at
    /// `weights`) in `windows`' lists. Every known term of the question is in every window,
    /// inside it or as context.
    fn window(
        &self,
        terms: &[(QueryTerm, f32)],
        known: &[u32],
        windows: &mut Windows,
        weights: Range<usize>,
    ) -> Window {
        let inside_total: f32 = terms
            .iter()
            .filter(|(_, f)| *f >= 1.0)
            .map(|&(t, _)| self.term_weight(t))
            .sum();
        let from = windows.known.len();
        let per_slot = &mut windows.weights[weights.clone()];
        windows
            .known
            .extend(terms.iter().filter_map(|&(t, factor)| match t {
                QueryTerm::Known(id) => {
                    let slot = known.iter().position(|&k| k == id)?;
                    let w = self.idf[id as usize] * factor;
                    per_slot[slot] = w;
                    Some((slot, w, factor >= 1.0))
                }
                QueryTerm::Unknown { .. } => None,
            }));
        let known_terms = &windows.known[from..];
        let known_inside: f32 = known_terms
            .iter()
            .filter(|(_, _, inside)| *inside)
            .map(|(_, w, _)| w)
            .sum();
        let known_share = if inside_total > 0.0 {
            (known_inside / inside_total).clamp(0.0, 1.0)
        } else {
            0.0
        };
        let all_inside = known_terms.iter().all(|&(_, _, inside)| inside);
        Window {
            known: from..windows.known.len(),
            weights,
            inside_total,
            known_share,
            all_inside,
        }
    }

    /// Word score (0..=1) of one window of question terms against one entry: `said` is each
    /// known term (by slot) as the entry says it, `totals` the total weight of each of its
    /// phrasings, `cover` its phrasing coverage when the shortlist already knows it (a window
    /// with every known term inside), `held` room for the weight of the window each phrasing
    /// holds.
    ///
    /// Terms inside the window all count; context terms count fully where the entry explains
    /// them and only partly where it does not, so the story around a question supports the
    /// entries it is about more than it sinks the others.
    fn word_score(
        &self,
        windows: &Windows,
        window: &Window,
        said: &[EntryTerm],
        totals: &[f32],
        cover: Option<f32>,
        held: &mut Vec<f32>,
    ) -> f32 {
        let mut total = window.inside_total;
        let mut explained = 0.0;
        for &(slot, w, inside) in windows.known(window) {
            let c = said[slot].credit;
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
        // How much of its best phrasing the window holds: the same sums, in the same order, as
        // the shortlist's when the window holds every term at full weight.
        let phrasing_coverage = match cover {
            Some(cover) => {
                debug_assert_eq!(
                    cover,
                    self.phrasing_coverage(windows.weights(window), said, totals, held),
                    "the shortlist's coverage is the window's"
                );
                cover
            }
            None => self.phrasing_coverage(windows.weights(window), said, totals, held),
        };
        // Phrasing coverage leads; question coverage (under a square root) tempers it, so one
        // unexplained word lowers the score without sinking an otherwise exact match.
        phrasing_coverage * question_coverage.sqrt()
    }

    /// The share (0..=1) of an entry's best phrasing that a window holds (see
    /// [`Index::word_score`]).
    fn phrasing_coverage(
        &self,
        weights: &[f32],
        said: &[EntryTerm],
        totals: &[f32],
        held: &mut Vec<f32>,
    ) -> f32 {
        held.clear();
        held.resize(totals.len(), 0.0);
        for (term, &w) in said.iter().zip(weights) {
            for &p in term.held_by {
                held[p as usize] += w;
            }
        }
        best_coverage(held, totals)
    }
}

/// How well an entry's roles and aspects fit the question's, 0..=1: the share of the question's
/// (covered) aspects the entry answers, tempered by how many other aspects it is about, times the
/// squared share of the question's roles it is about ("MLT vs phlebotomist" is not answered by
/// "MLT vs MLS"). An entry that names no role fits [`Weights::roleless_fit`]. A question that
/// names no role is about `main_role` (the role most entries are about): an entry about other
/// roles only fits [`Weights::other_role_fit`]. 0 when the question names no aspect.
///
/// `asked` are the aspects the question asks that the FAQ covers ([`Index::covers`]), `roles`
/// the roles it asks about: worked out once per question, not once per entry.
pub fn fit(
    asked: &[usize],
    roles: &[usize],
    p: &Profile,
    main_role: Option<usize>,
    w: &Weights,
) -> f32 {
    if asked.is_empty() || p.aspects.is_empty() {
        return 0.0;
    }
    let shared = asked.iter().filter(|a| p.aspects.contains(a)).count() as f32;
    let aspects = (shared / asked.len() as f32) * (shared / p.aspects.len() as f32).sqrt();
    let roles = if p.roles.is_empty() {
        w.roleless_fit
    } else if roles.is_empty() {
        match main_role {
            Some(main) if !p.roles.contains(&main) => w.other_role_fit,
            _ => 1.0,
        }
    } else {
        let share =
            roles.iter().filter(|r| p.roles.contains(r)).count() as f32 / roles.len() as f32;
        share * share
    };
    aspects * roles
}
