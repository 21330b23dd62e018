//! The entries worth scoring for a read [`Question`]: the question screened for another field,
//! its words looked up as the index's terms, and the entries whose phrasings share the most
//! weight with them, found through the postings of those terms.
//!
//! Another field's word where the question is, and none of our roles there, ends it before any
//! scoring ([`Ranking::OffTopic`]); so does a question with no word to score
//! ([`Ranking::NoQuestion`]).

use smallvec::SmallVec;

use super::index::{aspect_term, best_coverage, Index};
use super::question::Question;
use super::reading::Reading;
use super::score::Ranking;
use super::scratch::{with_scratch, Scratch};
use crate::text::stopwords::is_stopword;

/// Entries kept from the shortlist for exact scoring.
const SHORTLIST_KEEP: usize = 32;

/// Most phrasings for which the shortlist passes over every phrasing rather than only those a
/// question's terms touch: a few thousand floats are cleared and scanned in less time than
/// tracking the touched ones takes (the shipped FAQ has about 600).
const DENSE_PHRASINGS: usize = 4096;

/// A term of a question: known to the index, or unknown (numbered within the question) with the
/// weight it still carries.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum QueryTerm {
    Known(u32),
    Unknown { id: u32, weight: f32 },
}

/// A few terms of a question, inline (a clause has a handful).
pub(super) type Terms = SmallVec<[QueryTerm; 8]>;

/// What the shortlist stage found: a ranking settled before any scoring, or the candidates.
#[derive(Debug, Clone)]
pub enum Shortlist {
    /// Off topic, or no word to score: nothing to rank.
    Settled(Ranking),
    /// The entries worth scoring, with the question's terms.
    Candidates(Candidates),
}

/// The entries worth scoring exactly, and the question's terms as the index knows them.
#[derive(Debug, Clone)]
pub struct Candidates {
    /// Per clause of the question: its terms, first occurrence first.
    pub(super) clause_terms: Vec<Terms>,
    /// Every term of the question, each once, in order.
    pub(super) whole: Terms,
    /// Indexes into `Corpus::entries`, at most [`SHORTLIST_KEEP`], in entry order.
    pub(super) entries: Vec<usize>,
    /// Per entry of `entries`: the share of its best phrasing that the whole question holds,
    /// every term at full weight (0..=1). It is the phrasing coverage of a window that holds
    /// every known term of the question inside it, so scoring such a window needs no second
    /// pass over the entry's phrasings.
    pub(super) covers: Vec<f32>,
}

impl Candidates {
    /// The entries kept (indexes into [`crate::corpus::Corpus::entries`]), in entry order.
    pub fn entries(&self) -> &[usize] {
        &self.entries
    }
}

impl Index {
    /// Screens a read question and shortlists the entries worth scoring.
    pub fn shortlist(&self, q: &Question) -> Shortlist {
        if let Some(word) = self.off_topic(q) {
            return Shortlist::Settled(Ranking::OffTopic(word));
        }
        let mut unknown: Vec<String> = Vec::new();
        let clause_terms: Vec<Terms> = q
            .readings
            .iter()
            .zip(&q.clauses)
            .map(|(r, c)| self.query_terms(r, &c.words, &mut unknown))
            .collect();
        if clause_terms.iter().all(SmallVec::is_empty) {
            return Shortlist::Settled(Ranking::NoQuestion);
        }
        let whole: Terms = dedup(clause_terms.iter().flatten().copied());
        let (entries, covers) = self.closest(&whole);
        Shortlist::Candidates(Candidates {
            clause_terms,
            whole,
            entries,
            covers,
        })
    }

    /// The word that shows the question is about another field, if it is.
    fn off_topic(&self, q: &Question) -> Option<String> {
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
            return Some(word);
        }
        // "radiology tech vs MLT, which pays more?": a comparison with a job the FAQ does not
        // cover is about that job too, even though it names one of ours.
        if self.asks_to_compare(&q.asked) {
            return self.reader.other_field(
                asked_clauses.iter().copied(),
                &Reading::default(),
                &self.analyzer,
            );
        }
        None
    }

    /// The scoring terms of a clause's reading, each once, first occurrence first: its words
    /// without stopwords, by their stems (a word that only shares its stem with the FAQ by
    /// accident stays itself, marked `!`), then one `@aspect` term per aspect (see
    /// [`super::index`]). Terms the index lacks are numbered in `unknown`, so repeats stay one
    /// term.
    fn query_terms(&self, r: &Reading, clause: &[String], unknown: &mut Vec<String>) -> Terms {
        let mut out = Terms::new();
        for w in r.words(clause).filter(|w| !is_stopword(w)) {
            let t = match self.word_terms.get(w) {
                Some(&id) => QueryTerm::Known(id),
                None => {
                    let term = self.analyzer.stem_of(w).unwrap_or_else(|| format!("!{w}"));
                    self.query_term(term, unknown)
                }
            };
            if !out.contains(&t) {
                out.push(t);
            }
        }
        for &a in &r.aspects {
            let t = match self.aspect_terms[a] {
                Some(id) => QueryTerm::Known(id),
                None => self.query_term(aspect_term(&self.corpus, a), unknown),
            };
            if !out.contains(&t) {
                out.push(t);
            }
        }
        out
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

    /// Entries worth scoring exactly: those whose best phrasing shares the most weight with the
    /// whole question, at most [`SHORTLIST_KEEP`], in entry order, each with that best phrasing
    /// coverage (see [`Candidates::covers`]). A window holds a subset of the question's terms, so
    /// it can only cover a phrasing less: this pass is an upper bound on phrasing coverage.
    ///
    /// In a large corpus the cost grows with the postings of the question's terms, not with the
    /// corpus; a small one (up to [`DENSE_PHRASINGS`] phrasings) is scanned whole, which is
    /// quicker there. The accumulators are this thread's [`Scratch`] tables either way.
    fn closest(&self, whole: &[QueryTerm]) -> (Vec<usize>, Vec<f32>) {
        with_scratch(|scratch| {
            let mut ranked = if self.phrasings.len() <= DENSE_PHRASINGS {
                self.closest_dense(whole, &mut scratch.dense)
            } else {
                self.closest_sparse(whole, scratch)
            };
            debug_assert!(
                self.phrasings.len() > DENSE_PHRASINGS || {
                    let mut sparse = self.closest_sparse(whole, scratch);
                    sparse.sort_unstable_by_key(|&(_, e)| e);
                    let mut dense = ranked.clone();
                    dense.sort_unstable_by_key(|&(_, e)| e);
                    sparse == dense
                },
                "the dense and the sparse shortlist agree"
            );
            // The closest, in entry order (scoring ranks them; it walks entry lists beside them).
            if ranked.len() > SHORTLIST_KEEP {
                ranked.select_nth_unstable_by(SHORTLIST_KEEP - 1, |a, b| {
                    b.0.total_cmp(&a.0).then(a.1.cmp(&b.1))
                });
                ranked.truncate(SHORTLIST_KEEP);
            }
            ranked.sort_unstable_by_key(|&(_, e)| e);
            ranked.into_iter().map(|(c, e)| (e as usize, c)).unzip()
        })
    }

    /// Weight shared with each phrasing, added term after term in question order (both ways
    /// below add the same numbers in the same order, so they agree to the bit).
    fn share(&self, whole: &[QueryTerm], mut add: impl FnMut(usize, f32)) {
        for t in whole {
            if let QueryTerm::Known(id) = *t {
                let w = self.idf[id as usize];
                for &p in &self.postings[id as usize] {
                    add(p as usize, w);
                }
            }
        }
    }

    /// Each entry's best phrasing coverage, for entries sharing any weight with the question
    /// (in entry order): a dense pass over every phrasing, for a corpus small enough that this
    /// costs less than keeping track of the phrasings touched.
    fn closest_dense(&self, whole: &[QueryTerm], shared: &mut Vec<f32>) -> Vec<(f32, u32)> {
        shared.clear();
        shared.resize(self.phrasings.len(), 0.0);
        self.share(whole, |p, w| shared[p] += w);
        let mut ranked = Vec::with_capacity(self.corpus.entries.len());
        for (entry, range) in self.phrasings.of_entry.iter().enumerate() {
            let (start, end) = (range.start as usize, range.end as usize);
            let best = best_coverage(&shared[start..end], &self.phrasings.total[start..end]);
            if best > 0.0 {
                ranked.push((best, entry as u32));
            }
        }
        ranked
    }

    /// Each entry's best phrasing coverage, for entries sharing any weight with the question (in
    /// no particular order): the cost grows with the postings of the question's terms, not with
    /// the corpus.
    fn closest_sparse(&self, whole: &[QueryTerm], scratch: &mut Scratch) -> Vec<(f32, u32)> {
        let Scratch {
            by_phrasing,
            by_entry,
            ..
        } = scratch;
        by_phrasing.start(self.phrasings.len());
        by_entry.start(self.corpus.entries.len());
        self.share(whole, |p, w| by_phrasing.update(p, |shared| shared + w));
        for &p in by_phrasing.set_slots() {
            let cover = by_phrasing.get(p as usize) / self.phrasings.total[p as usize];
            let entry = self.phrasings.entry[p as usize] as usize;
            by_entry.update(entry, |best| best.max(cover));
        }
        by_entry
            .set_slots()
            .iter()
            .map(|&e| (by_entry.get(e as usize), e))
            .collect()
    }
}

/// Removes repeated terms, keeping the first occurrence.
pub(super) fn dedup(terms: impl Iterator<Item = QueryTerm>) -> Terms {
    let mut out = Terms::new();
    for t in terms {
        if !out.contains(&t) {
            out.push(t);
        }
    }
    out
}
