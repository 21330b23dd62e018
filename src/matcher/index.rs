//! The searchable form of a corpus, built once per load: the text pipeline, the reader of roles
//! and aspects, every entry's profile (roles and aspects) and vocabulary, and the weighted terms
//! of its phrasings.
//!
//! Every phrasing of an entry (question and alternates) becomes a set of terms; a term's weight
//! is its rarity across entries (inverse document frequency), so "phlebotomy" counts for more than
//! "technician". What an entry is about counts as a term of its own: every phrasing gets one
//! `@aspect` term per aspect of the entry, so the aspect asked weighs as much as the rarest word.
//! How a question is scored against these is in [`super::score`].

use rustc_hash::FxHashMap as HashMap;

use super::analyze::{Analyzer, Clause};
use super::question::Question;
use super::reading::{Reader, Reading};
use super::weights::Weights;
use crate::corpus::{Corpus, Entry};
use crate::text::stopwords::is_stopword;

/// Every phrasing of every entry, entry after entry (an entry's phrasings are contiguous), with
/// what the shortlist needs of each: its entry and the total weight of its terms. Their terms are
/// in [`Index::postings`] (term → phrasings) and [`EntryTerms`] (entry → terms → phrasings).
#[derive(Debug, Clone, Default)]
pub(super) struct Phrasings {
    /// Per phrasing: its entry.
    pub entry: Vec<u32>,
    /// Per phrasing: the total weight of its terms.
    pub total: Vec<f32>,
    /// Per entry: its phrasings.
    pub of_entry: Vec<std::ops::Range<u32>>,
}

impl Phrasings {
    /// The number of phrasings.
    pub fn len(&self) -> usize {
        self.entry.len()
    }
}

/// Per entry, every term it explains (sorted by id) with its credit and the entry's phrasings
/// that hold it, in flat arrays; and per term, the entries that explain it. Scoring finds each of
/// a question's terms in each candidate one way or the other (see `said_by` in `score.rs`).
#[derive(Debug, Clone, Default)]
pub(super) struct EntryTerms {
    /// The terms, entry after entry.
    terms: Vec<u32>,
    /// Per term: its credit (see [`EntryTerm::credit`]).
    credit: Vec<f32>,
    /// Per term: where its phrasings start in `held_by`; one more at the end.
    starts: Vec<u32>,
    /// The phrasings holding each term, as indexes among the entry's phrasings.
    held_by: Vec<u32>,
    /// Per entry: its terms.
    of_entry: Vec<std::ops::Range<u32>>,
    /// Per term id: the entries that explain it, by entry, with where the term is in the flat
    /// arrays above (see [`Index::term_entries`]).
    by_term: Vec<Vec<(u32, u32)>>,
}

/// One term of an entry: its credit and the entry's phrasings that hold it.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct EntryTerm<'a> {
    /// 1 for a word of its phrasings (or an aspect it is about), [`Weights::answer_only_credit`]
    /// for a word only in its answer, 0 for a word it does not say.
    pub credit: f32,
    /// Indexes among the entry's phrasings (see [`Phrasings::of_entry`]).
    pub held_by: &'a [u32],
}

/// The roles and aspects an entry is about: set in its file, or read from its phrasings.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Profile {
    /// Indexes into `Corpus::roles`; empty when the entry names no role.
    pub roles: Vec<usize>,
    /// Indexes into `Corpus::aspects`.
    pub aspects: Vec<usize>,
}

/// A corpus made searchable.
#[derive(Debug, Clone)]
pub struct Index {
    pub(super) corpus: Corpus,
    pub(super) analyzer: Analyzer,
    pub(super) reader: Reader,
    pub(super) weights: Weights,
    pub(super) profiles: Vec<Profile>,
    /// Per aspect: true when an entry or a role attribute answers it.
    pub(super) covered: Vec<bool>,
    /// The role most entries are about: what a question that names no role is about.
    pub(super) main_role: Option<usize>,
    pub(super) term_ids: HashMap<String, u32>,
    /// Word → the id of the term it is scored by, for every word the corpus knows whose term
    /// the index has: most words of a question are one lookup.
    pub(super) word_terms: HashMap<String, u32>,
    /// Per aspect: the id of its `@aspect` term, if an entry is about it.
    pub(super) aspect_terms: Vec<Option<u32>>,
    /// Per term id: its weight (inverse document frequency).
    pub(super) idf: Vec<f32>,
    /// The weight of a word the FAQ never uses (the rarest possible).
    pub(super) unknown_weight: f32,
    pub(super) phrasings: Phrasings,
    /// Term id → phrasings that contain it.
    pub(super) postings: Vec<Vec<u32>>,
    /// Per entry: the terms it explains. See [`Index::entry_term`].
    pub(super) entry_terms: EntryTerms,
    /// Per entry: the stems of every word it says (phrasings, answer, source) and of its roles'
    /// names: what it can account for when a question names something (see
    /// [`super::coverage`]).
    pub(super) vocabulary: Vec<Vec<u32>>,
    /// Per entry: the same for its phrasings and roles' names only.
    pub(super) asked_vocabulary: Vec<Vec<u32>>,
    /// Every word and stem of the entries' vocabularies → its id there (the vocabularies are
    /// sorted ids, so the FAQ's words are held once).
    pub(super) vocabulary_ids: HashMap<String, u32>,
}

impl Index {
    /// Builds the index with the shipped [`Weights`]; the index owns the corpus it was built
    /// from.
    pub fn build(corpus: Corpus) -> Index {
        Index::build_with(corpus, Weights::DEFAULT)
    }

    /// Builds the index with other weights (calibration tries many).
    pub fn build_with(corpus: Corpus, weights: Weights) -> Index {
        let analyzer = Analyzer::new(&corpus);
        let reader = Reader::new(&corpus, &analyzer);
        let mut term_ids: HashMap<String, u32> = HashMap::default();
        let mut id_of = |t: String| -> u32 {
            let next = term_ids.len() as u32;
            *term_ids.entry(t).or_insert(next)
        };

        let mut entry_phrasing_terms: Vec<Vec<Vec<u32>>> = Vec::new();
        let mut entry_credit: Vec<HashMap<u32, f32>> = Vec::new();
        let mut profiles: Vec<Profile> = Vec::new();
        for e in &corpus.entries {
            let mut credit: HashMap<u32, f32> = HashMap::default();
            let answer = analyzer.corpus_words(&e.answer);
            for t in terms(&analyzer, answer.iter(), &[], &corpus) {
                credit.insert(id_of(t), weights.answer_only_credit);
            }
            let mut per_phrasing = Vec::new();
            let mut read = Reading::default();
            for p in e.phrasings() {
                let words = analyzer.corpus_words(p);
                let reading = reader.read(&words, &analyzer);
                let ids: Vec<u32> =
                    terms(&analyzer, reading.words(&words), &reading.aspects, &corpus)
                        .into_iter()
                        .map(&mut id_of)
                        .collect();
                for &id in &ids {
                    credit.insert(id, 1.0);
                }
                per_phrasing.push(ids);
                // Roles and aspects of each phrasing on its own: an alternate that excludes a role
                // ("what comes after being a lab tech") does not remove it from the others.
                for &r in &reading.roles {
                    if !read.roles.contains(&r) {
                        read.roles.push(r);
                    }
                }
                for &a in &reading.aspects {
                    if !read.aspects.contains(&a) {
                        read.aspects.push(a);
                    }
                }
            }
            let profile = profile_of(e, &read, &corpus);
            // An aspect set in the file explains the question as well as one read from a phrasing.
            for &a in &profile.aspects {
                credit.insert(id_of(aspect_term(&corpus, a)), 1.0);
            }
            profiles.push(profile);
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
        let idf: Vec<f32> = df
            .iter()
            .map(|&d| (1.0 + n / d.max(1) as f32).ln())
            .collect();
        let unknown_weight = (1.0 + n).ln();

        let mut phrasings = Phrasings::default();
        let mut entry_terms = EntryTerms {
            starts: vec![0],
            by_term: vec![Vec::new(); term_ids.len()],
            ..EntryTerms::default()
        };
        let mut postings: Vec<Vec<u32>> = vec![Vec::new(); term_ids.len()];
        for (entry, (per_phrasing, credit)) in entry_phrasing_terms
            .into_iter()
            .zip(entry_credit)
            .enumerate()
        {
            let start = phrasings.len() as u32;
            // Term → its phrasings, as indexes among the entry's (non-empty) phrasings.
            let mut held_by: HashMap<u32, Vec<u32>> = HashMap::default();
            for ids in per_phrasing.into_iter().filter(|ids| !ids.is_empty()) {
                let total = ids.iter().map(|&id| idf[id as usize]).sum();
                let index = phrasings.len() as u32;
                for &id in &ids {
                    postings[id as usize].push(index);
                    held_by.entry(id).or_default().push(index - start);
                }
                phrasings.entry.push(entry as u32);
                phrasings.total.push(total);
            }
            phrasings.of_entry.push(start..phrasings.len() as u32);

            let mut credit: Vec<(u32, f32)> = credit.into_iter().collect();
            credit.sort_unstable_by_key(|&(id, _)| id);
            let first = entry_terms.terms.len() as u32;
            for (id, c) in credit {
                let at = entry_terms.terms.len() as u32;
                entry_terms.by_term[id as usize].push((entry as u32, at));
                entry_terms.terms.push(id);
                entry_terms.credit.push(c);
                entry_terms
                    .held_by
                    .extend(held_by.get(&id).into_iter().flatten());
                entry_terms.starts.push(entry_terms.held_by.len() as u32);
            }
            entry_terms
                .of_entry
                .push(first..entry_terms.terms.len() as u32);
        }
        let word_terms = analyzer
            .known_words()
            .filter_map(|w| {
                let stem = analyzer.stem_of(w)?;
                Some((w.to_string(), *term_ids.get(&stem)?))
            })
            .collect();
        let aspect_terms = (0..corpus.aspects.len())
            .map(|a| term_ids.get(&aspect_term(&corpus, a)).copied())
            .collect();

        let covered = (0..corpus.aspects.len())
            .map(|a| {
                corpus.aspects[a].attribute.is_some()
                    || profiles.iter().any(|p| p.aspects.contains(&a))
            })
            .collect();

        let main_role = (0..corpus.roles.len())
            .filter(|&r| profiles.iter().any(|p| p.roles.contains(&r)))
            .max_by_key(|&r| {
                let about = profiles.iter().filter(|p| p.roles.contains(&r)).count();
                (about, std::cmp::Reverse(r))
            });

        // Per entry, the words of its phrasings and roles (what a member asks with), then those
        // and the words of its answer and source: read once, held once as ids.
        let mut vocabulary_ids: HashMap<String, u32> = HashMap::default();
        let mut id_of = |w: String| -> u32 {
            let next = vocabulary_ids.len() as u32;
            *vocabulary_ids.entry(w).or_insert(next)
        };
        let sorted = |mut ids: Vec<u32>| {
            ids.sort_unstable();
            ids.dedup();
            ids
        };
        let mut vocabulary = Vec::with_capacity(corpus.entries.len());
        let mut asked_vocabulary = Vec::with_capacity(corpus.entries.len());
        for (e, p) in corpus.entries.iter().zip(&profiles) {
            let (asked, told) = vocabulary_of(&analyzer, &corpus, e, p);
            let asked: Vec<u32> = asked.into_iter().map(&mut id_of).collect();
            let mut all = asked.clone();
            all.extend(told.into_iter().map(&mut id_of));
            asked_vocabulary.push(sorted(asked));
            vocabulary.push(sorted(all));
        }
        vocabulary_ids.shrink_to_fit();

        Index {
            corpus,
            analyzer,
            reader,
            weights,
            profiles,
            covered,
            main_role,
            term_ids,
            word_terms,
            aspect_terms,
            idf,
            unknown_weight,
            phrasings,
            postings,
            entry_terms,
            vocabulary,
            asked_vocabulary,
            vocabulary_ids,
        }
    }

    /// The same index scoring with other weights: a copy, rebuilt only when the weights shape
    /// the index itself ([`Weights::answer_only_credit`]).
    pub fn with_weights(&self, weights: Weights) -> Index {
        if weights.answer_only_credit != self.weights.answer_only_credit {
            return Index::build_with(self.corpus.clone(), weights);
        }
        Index {
            weights,
            ..self.clone()
        }
    }

    /// Term `id` as entry `entry` says it: its credit (0 when the entry does not explain it) and
    /// the entry's phrasings that hold it.
    pub(super) fn entry_term(&self, entry: usize, id: u32) -> EntryTerm<'_> {
        let t = &self.entry_terms;
        let range = t.of_entry[entry].start as usize..t.of_entry[entry].end as usize;
        match t.terms[range.clone()].binary_search(&id) {
            Ok(i) => self.entry_term_at((range.start + i) as u32),
            Err(_) => EntryTerm::default(),
        }
    }

    /// The entries that explain term `id`, in entry order: (entry, where the term is among the
    /// entries' terms, for [`Index::entry_term_at`]).
    pub(super) fn term_entries(&self, id: u32) -> &[(u32, u32)] {
        &self.entry_terms.by_term[id as usize]
    }

    /// The term at `i` among the entries' terms (from [`Index::term_entries`]).
    pub(super) fn entry_term_at(&self, i: u32) -> EntryTerm<'_> {
        let t = &self.entry_terms;
        let i = i as usize;
        EntryTerm {
            credit: t.credit[i],
            held_by: &t.held_by[t.starts[i] as usize..t.starts[i + 1] as usize],
        }
    }

    /// The corpus this index was built from.
    pub fn corpus(&self) -> &Corpus {
        &self.corpus
    }

    /// The weights it scores with.
    pub fn weights(&self) -> &Weights {
        &self.weights
    }

    /// True when an entry or a role attribute answers this aspect (index into `Corpus::aspects`).
    pub fn covers(&self, aspect: usize) -> bool {
        self.covered[aspect]
    }

    /// True when a reading asks for a comparison: it names an aspect that compares
    /// ("difference", "vs").
    pub fn asks_to_compare(&self, r: &Reading) -> bool {
        r.aspects.iter().any(|&a| self.corpus.aspects[a].compares)
    }

    /// The role most entries are about (index into `Corpus::roles`), if any entry names a role.
    pub fn main_role(&self) -> Option<usize> {
        self.main_role
    }

    /// The roles and aspects of an entry (by its index in [`Corpus::entries`]).
    pub fn profile(&self, entry: usize) -> &Profile {
        &self.profiles[entry]
    }

    /// The question's clauses as the matcher sees them (corrected, synonyms applied), for
    /// explaining a match to moderators.
    pub fn analyzed(&self, question: &str) -> Vec<Vec<String>> {
        self.analyzer
            .question_clauses(question)
            .into_iter()
            .map(|c| c.words)
            .collect()
    }

    /// Reads a question once, as scoring, coverage and the decision need it:
    /// [`Index::clauses`], then [`Index::read_clauses`].
    pub fn read(&self, question: &str) -> Question {
        self.read_clauses(self.clauses(question))
    }

    /// The normalising stage: a message as clauses of words (markup removed, typos corrected,
    /// synonyms applied).
    pub fn clauses(&self, question: &str) -> Vec<Clause> {
        self.analyzer.question_clauses(question)
    }

    /// The reading stage: the roles, aspects and words of each clause, which clauses ask, and
    /// what the question as a whole is about.
    pub fn read_clauses(&self, clauses: Vec<Clause>) -> Question {
        Question::read(clauses, &self.analyzer, &self.reader, |w| {
            self.term_ids.contains_key(w)
        })
    }
}

/// The scoring terms of a reading's words and aspects: the words without stopwords, stemmed (a
/// word that only shares its stem with the FAQ by accident stays itself, marked `!`), then one
/// `@aspect` term per aspect. Duplicates removed, first occurrence kept. (Questions get the same
/// terms as ids through `Index::word_terms`; see `shortlist.rs`.)
pub(super) fn terms<'a>(
    analyzer: &Analyzer,
    words: impl Iterator<Item = &'a String>,
    aspects: &[usize],
    corpus: &Corpus,
) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let words = words.filter(|w| !is_stopword(w));
    let stems = words.map(|w| analyzer.stem_of(w).unwrap_or_else(|| format!("!{w}")));
    let aspects = aspects.iter().map(|&a| aspect_term(corpus, a));
    for t in stems.chain(aspects) {
        if !out.contains(&t) {
            out.push(t);
        }
    }
    out
}

/// The term that stands for an aspect: `@` and its id, which no word can be.
pub(super) fn aspect_term(corpus: &Corpus, aspect: usize) -> String {
    format!("@{}", corpus.aspects[aspect].id)
}

/// An entry's profile: the roles and aspects set in its file, else those read from its phrasings.
fn profile_of(entry: &Entry, read: &Reading, corpus: &Corpus) -> Profile {
    let ids = |list: &Option<Vec<String>>, known: Vec<&str>| -> Option<Vec<usize>> {
        list.as_ref().map(|ids| {
            ids.iter()
                .filter_map(|id| known.iter().position(|k| k == id))
                .collect()
        })
    };
    let role_ids = corpus.roles.iter().map(|r| r.id.as_str()).collect();
    let aspect_ids = corpus.aspects.iter().map(|a| a.id.as_str()).collect();
    Profile {
        roles: ids(&entry.roles, role_ids).unwrap_or_else(|| read.roles.to_vec()),
        aspects: ids(&entry.aspects, aspect_ids).unwrap_or_else(|| read.aspects.to_vec()),
    }
}

/// The stems of every word an entry says, after synonyms, as [`Analyzer::stem_of`] gives them for
/// question words, and the words themselves (for those with no stem of their own): those of its
/// phrasings and of the names and aliases of its roles, then those of its answer and source.
fn vocabulary_of(
    analyzer: &Analyzer,
    corpus: &Corpus,
    e: &Entry,
    p: &Profile,
) -> (Vec<String>, Vec<String>) {
    let forms = |texts: &mut dyn Iterator<Item = &str>| -> Vec<String> {
        let mut out = Vec::new();
        for w in texts.flat_map(|t| analyzer.corpus_words(t)) {
            if let Some(stem) = analyzer.stem_of(&w) {
                out.push(stem);
            }
            out.push(w);
        }
        out
    };
    let roles = p.roles.iter().flat_map(|&r| {
        let role = &corpus.roles[r];
        std::iter::once(role.name.as_str()).chain(role.aliases.iter().map(String::as_str))
    });
    let asked = forms(&mut e.phrasings().chain(roles));
    let told = forms(&mut std::iter::once(e.answer.as_str()).chain(e.source.as_deref()));
    (asked, told)
}

/// The best share of a phrasing that a question holds, 0..=1, over one entry's phrasings:
/// `held[p]` is the weight the question shares with phrasing `p`, `totals[p]` its whole weight.
/// The shortlist and scoring both use it, so that the same sums give the same coverage to the bit.
pub(super) fn best_coverage(held: &[f32], totals: &[f32]) -> f32 {
    held.iter()
        .zip(totals)
        .filter(|(&m, _)| m > 0.0)
        .map(|(m, total)| m / total)
        .fold(0.0, f32::max)
}
