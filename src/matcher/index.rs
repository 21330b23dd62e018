//! The searchable form of a corpus, and the scoring of one question against it.
//!
//! Every phrasing of an entry (question and alternates) becomes a set of weighted terms; a term's
//! weight is its rarity across entries (inverse document frequency), so "phlebotomy" counts for
//! more than "technician". A question is scored against an entry by two coverages:
//!
//! - **phrasing coverage**: how much of the entry's best phrasing the question contains;
//! - **question coverage**: how much of the question the entry explains (full credit for words of
//!   its phrasings, partial credit for words only in its answer, none for words the FAQ never
//!   uses).
//!
//! The score is phrasing coverage × √(question coverage), so an entry needs both: "how much does a
//! software engineer make" covers a salary phrasing, but "software engineer" is explained by
//! nothing and pulls it down. Long messages are split into clauses and scored by their best window
//! of up to three clauses (see [`Index::rank`]).

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use super::analyze::{terms, Analyzer};
use crate::corpus::Corpus;

/// Credit for a question word found only in an entry's answer, not in its phrasings.
const ANSWER_ONLY_CREDIT: f32 = 0.3;
/// Weight of known words outside the window: they may support an entry, but less than the
/// clauses read as the question.
const CONTEXT_WEIGHT: f32 = 0.5;
/// Share of a context word's weight that still counts against an entry that does not explain it.
const UNEXPLAINED_CONTEXT: f32 = 0.5;
/// Most clauses in one scoring window.
const WINDOW_CLAUSES: usize = 3;
/// Entries kept from the fast first pass for exact scoring.
const FIRST_PASS_KEEP: usize = 32;
/// Nouns that name a job: a word before one that the FAQ never uses names a job it doesn't cover.
const JOB_NOUNS: &[&str] = &[
    "technician",
    "technicians",
    "tech",
    "techs",
    "technologist",
    "technologists",
    "assistant",
    "assistants",
];

/// Words that describe the people in a job rather than name another job: "older techs" and
/// "night shift technicians" are lab staff, not a field the FAQ doesn't cover.
const PEOPLE_MODIFIERS: &[&str] = &[
    "bench",
    "certified",
    "contract",
    "day",
    "entry",
    "evening",
    "experienced",
    "female",
    "fellow",
    "full",
    "good",
    "great",
    "head",
    "junior",
    "lead",
    "level",
    "licensed",
    "male",
    "new",
    "newer",
    "night",
    "old",
    "older",
    "other",
    "part",
    "per",
    "prn",
    "retired",
    "senior",
    "shift",
    "staff",
    "student",
    "time",
    "travel",
    "traveling",
    "young",
    "younger",
];

/// One phrasing, as term ids with their total weight.
#[derive(Debug, Clone)]
struct Phrasing {
    entry: usize,
    terms: Vec<u32>,
    total: f32,
}

/// A term of a question: known to the index, or unknown (numbered within the question) with the
/// weight it still carries.
#[derive(Debug, Clone, Copy, PartialEq)]
enum QueryTerm {
    Known(u32),
    Unknown { id: u32, weight: f32 },
}

/// One scored candidate entry.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Candidate {
    /// Index into [`Corpus::entries`].
    pub entry: usize,
    /// Score in 0..=1.
    pub score: f32,
}

/// A window of question terms, ready to score: each known term with its weighted contribution.
struct Window {
    /// Known term → (weighted contribution, inside the window rather than context).
    known: HashMap<u32, (f32, bool)>,
    /// Weight of the terms inside the window, known or not.
    inside_total: f32,
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

/// A corpus made searchable.
#[derive(Debug, Clone)]
pub struct Index {
    corpus: Corpus,
    analyzer: Analyzer,
    term_ids: HashMap<String, u32>,
    weights: Vec<f32>,
    unknown_weight: f32,
    phrasings: Vec<Phrasing>,
    /// Per entry: its phrasings, a contiguous range of `phrasings`.
    entry_phrasings: Vec<std::ops::Range<usize>>,
    /// Term id → phrasings that contain it.
    postings: Vec<Vec<u32>>,
    /// Per entry: term id → credit (1 for phrasing words, [`ANSWER_ONLY_CREDIT`] for answer words).
    entry_credit: Vec<HashMap<u32, f32>>,
    /// Role names and aliases as words, to tell a lab role from another field's.
    role_phrases: Vec<Vec<String>>,
    off_topic: HashSet<String>,
}

impl Index {
    /// Builds the index; the index owns the corpus it was built from.
    pub fn build(corpus: Corpus) -> Index {
        let analyzer = Analyzer::new(&corpus);
        let mut term_ids: HashMap<String, u32> = HashMap::default();
        let mut id_of = |t: String| -> u32 {
            let next = term_ids.len() as u32;
            *term_ids.entry(t).or_insert(next)
        };

        let mut entry_phrasing_terms: Vec<Vec<Vec<u32>>> = Vec::new();
        let mut entry_credit: Vec<HashMap<u32, f32>> = Vec::new();
        for e in &corpus.entries {
            let mut credit: HashMap<u32, f32> = HashMap::default();
            for t in terms(&analyzer.corpus_words(&e.answer)) {
                credit.insert(id_of(t), ANSWER_ONLY_CREDIT);
            }
            let mut per_phrasing = Vec::new();
            for p in e.phrasings() {
                let ids: Vec<u32> = terms(&analyzer.corpus_words(p))
                    .into_iter()
                    .map(&mut id_of)
                    .collect();
                for &id in &ids {
                    credit.insert(id, 1.0);
                }
                per_phrasing.push(ids);
            }
            entry_phrasing_terms.push(per_phrasing);
            entry_credit.push(credit);
        }

        // Document frequency: in how many entries (phrasings or answer) a term appears.
        let n = corpus.entries.len().max(1) as f32;
        let mut df = vec![0u32; term_ids.len()];
        for credit in &entry_credit {
            for &id in credit.keys() {
                df[id as usize] += 1;
            }
        }
        let weights: Vec<f32> = df
            .iter()
            .map(|&d| (1.0 + n / d.max(1) as f32).ln())
            .collect();
        let unknown_weight = (1.0 + n).ln();

        let mut phrasings = Vec::new();
        let mut entry_phrasings = Vec::new();
        let mut postings: Vec<Vec<u32>> = vec![Vec::new(); term_ids.len()];
        for (entry, per_phrasing) in entry_phrasing_terms.into_iter().enumerate() {
            let start = phrasings.len();
            for ids in per_phrasing {
                if ids.is_empty() {
                    continue;
                }
                let total = ids.iter().map(|&id| weights[id as usize]).sum();
                let index = phrasings.len() as u32;
                for &id in &ids {
                    postings[id as usize].push(index);
                }
                phrasings.push(Phrasing {
                    entry,
                    terms: ids,
                    total,
                });
            }
            entry_phrasings.push(start..phrasings.len());
        }

        let mut role_phrases: Vec<Vec<String>> = Vec::new();
        for r in &corpus.roles {
            for name in std::iter::once(&r.name).chain(&r.aliases) {
                let words = analyzer.corpus_words(name);
                if !words.is_empty() && !role_phrases.contains(&words) {
                    role_phrases.push(words);
                }
            }
        }
        let off_topic = corpus.synonyms.off_topic.iter().cloned().collect();

        Index {
            corpus,
            analyzer,
            term_ids,
            weights,
            unknown_weight,
            phrasings,
            entry_phrasings,
            postings,
            entry_credit,
            role_phrases,
            off_topic,
        }
    }

    /// The corpus this index was built from.
    pub fn corpus(&self) -> &Corpus {
        &self.corpus
    }

    /// The question's clauses as the matcher sees them (corrected, synonyms applied), for
    /// explaining a match to moderators.
    pub fn analyzed(&self, question: &str) -> Vec<Vec<String>> {
        self.analyzer.question_clauses(question)
    }

    /// Ranks every entry against a question. Deterministic; never panics.
    pub fn rank(&self, question: &str) -> Ranking {
        let clauses = self.analyzer.question_clauses(question);
        if let Some(word) = self.other_field(&clauses) {
            return Ranking::OffTopic(word);
        }
        let mut unknown: Vec<String> = Vec::new();
        let clause_terms: Vec<Vec<QueryTerm>> = clauses
            .iter()
            .map(|words| {
                terms(words)
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
        // of the other clauses that the FAQ knows, at CONTEXT_WEIGHT. Words the FAQ never uses
        // count against an entry only inside the window, so the story around a question ("I'm a
        // senior in high school…") does not drown it; known words around it support the entries
        // that explain them and weigh less on the others (see `score`).
        let mut windows: Vec<Vec<(QueryTerm, f32)>> =
            vec![whole.iter().map(|&t| (t, 1.0)).collect()];
        for start in 0..clause_terms.len() {
            for len in 1..=WINDOW_CLAUSES.min(clause_terms.len() - start) {
                if len == clause_terms.len() {
                    continue; // the whole message, already there
                }
                let inside = &clause_terms[start..start + len];
                let mut w: Vec<(QueryTerm, f32)> = dedup(inside.iter().flatten().copied())
                    .into_iter()
                    .map(|t| (t, 1.0))
                    .collect();
                for &t in whole.iter() {
                    if matches!(t, QueryTerm::Known(_)) && !w.iter().any(|(u, _)| *u == t) {
                        w.push((t, CONTEXT_WEIGHT));
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
            .map(|entry| Candidate {
                entry,
                score: windows
                    .iter()
                    .map(|w| self.score(w, entry))
                    .fold(0.0, f32::max),
            })
            .filter(|c| c.score > 0.0)
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

    fn weight(&self, t: QueryTerm) -> f32 {
        match t {
            QueryTerm::Known(id) => self.weights[id as usize],
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
                let w = self.weights[id as usize];
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
        let inside_total = terms
            .iter()
            .filter(|(_, f)| *f >= 1.0)
            .map(|&(t, _)| self.weight(t))
            .sum();
        let known = terms
            .iter()
            .filter_map(|&(t, factor)| match t {
                QueryTerm::Known(id) => {
                    Some((id, (self.weights[id as usize] * factor, factor >= 1.0)))
                }
                QueryTerm::Unknown { .. } => None,
            })
            .collect();
        Window {
            known,
            inside_total,
        }
    }

    /// Score of one window of question terms against one entry.
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
                total += if c > 0.0 { w } else { w * UNEXPLAINED_CONTEXT };
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

    /// A word showing that the question is about a field the FAQ does not cover, unless the
    /// question also names one of the FAQ's own roles.
    fn other_field(&self, clauses: &[Vec<String>]) -> Option<String> {
        let names_our_role = clauses.iter().any(|words| {
            self.role_phrases
                .iter()
                .any(|phrase| words.windows(phrase.len()).any(|w| w == phrase.as_slice()))
        });
        if names_our_role {
            return None;
        }
        for words in clauses {
            if let Some(w) = words.iter().find(|w| self.off_topic.contains(*w)) {
                return Some(w.clone());
            }
            // "<word the FAQ never uses> technician": a job the FAQ does not cover.
            for pair in words.windows(2) {
                if JOB_NOUNS.contains(&pair[1].as_str())
                    && !self.analyzer.knows(&pair[0])
                    && !PEOPLE_MODIFIERS.contains(&pair[0].as_str())
                    && !crate::text::stopwords::is_stopword(&pair[0])
                    && !pair[0].chars().all(|c| c.is_ascii_digit())
                {
                    return Some(format!("{} {}", pair[0], pair[1]));
                }
            }
        }
        None
    }
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
