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
//! of up to three clauses (see [`Index::analyze`]).
//!
//! What a question asks about counts as a term of its own: the reader (see [`super::reading`])
//! turns "how much ... make" into the term `@pay`, and every phrasing of an entry gets the terms of
//! its aspects, so the aspect asked about weighs as much as the rarest word, and more than the
//! role named with it (which most entries share).

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use super::analyze::{Analyzer, Clause, MAX_CLAUSES};
use super::reading::{Reader, Reading};
use crate::corpus::Corpus;
use crate::text::stopwords::is_stopword;

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
    /// Score: words in 0..=1 plus the fit of roles and aspects, so up to 1.2 for ranking; replies
    /// cap it at 1.
    pub score: f32,
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

/// The roles and aspects an entry is about: set in its file, or read from its phrasings.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Profile {
    /// Indexes into `Corpus::roles`; empty when the entry names no role.
    pub roles: Vec<usize>,
    /// Indexes into `Corpus::aspects`.
    pub aspects: Vec<usize>,
}

/// A question as the index read it: its clauses, roles and aspects, and the ranking.
#[derive(Debug, Clone)]
pub struct Analysis {
    /// The clauses that were scored (at most [`MAX_CLAUSES`]), in message order.
    pub clauses: Vec<Clause>,
    /// Per clause: what it says on its own.
    pub clause_readings: Vec<Reading>,
    /// Per clause: true when it asks (its sentence ends with `?`, or every clause when none does).
    pub asking: Vec<bool>,
    /// Roles, exclusions and aspects of the asking clauses (roles and aspects of the whole message
    /// when they name none).
    pub reading: Reading,
    /// Roles, exclusions and aspects of the whole message.
    pub context: Reading,
    /// The candidates, or why there are none.
    pub ranking: Ranking,
}

/// A corpus made searchable.
#[derive(Debug, Clone)]
pub struct Index {
    corpus: Corpus,
    analyzer: Analyzer,
    reader: Reader,
    profiles: Vec<Profile>,
    /// Per aspect: true when an entry or a role attribute answers it.
    covered: Vec<bool>,
    /// The role most entries are about: what a question that names no role is about.
    main_role: Option<usize>,
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
    off_topic: HashSet<String>,
    job_nouns: HashSet<String>,
    modifiers: HashSet<String>,
}

impl Index {
    /// Builds the index; the index owns the corpus it was built from.
    pub fn build(corpus: Corpus) -> Index {
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
            let answer = Reading {
                words: analyzer.corpus_words(&e.answer),
                ..Reading::default()
            };
            for t in terms(&analyzer, &answer, &corpus) {
                credit.insert(id_of(t), ANSWER_ONLY_CREDIT);
            }
            let mut per_phrasing = Vec::new();
            let mut read = Reading::default();
            for p in e.phrasings() {
                let reading = reader.read(&analyzer.corpus_words(p), &analyzer);
                let ids: Vec<u32> = terms(&analyzer, &reading, &corpus)
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

        let words = &corpus.synonyms;
        let off_topic = words.off_topic.iter().cloned().collect();
        let job_nouns = words.job_nouns.iter().cloned().collect();
        let modifiers = words.modifiers.iter().cloned().collect();

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

        Index {
            corpus,
            analyzer,
            reader,
            profiles,
            covered,
            main_role,
            term_ids,
            weights,
            unknown_weight,
            phrasings,
            entry_phrasings,
            postings,
            entry_credit,
            off_topic,
            job_nouns,
            modifiers,
        }
    }

    /// The corpus this index was built from.
    pub fn corpus(&self) -> &Corpus {
        &self.corpus
    }

    /// Problems with the roles and aspects of entries, as diagnostics at the entry's line:
    /// an error when an entry's `roles` or `aspects` contradict how one of its own phrasings reads
    /// (members asking it that way could never get it), a warning when no aspect can be read
    /// from an entry's phrasings and none is set.
    pub fn lint(&self) -> Vec<crate::corpus::Diagnostic> {
        use crate::corpus::{Diagnostic, Severity};
        let mut out = Vec::new();
        for (i, e) in self.corpus.entries.iter().enumerate() {
            let profile = &self.profiles[i];
            let at = |severity, field: &str, message: String| Diagnostic {
                severity,
                file: e.file.clone(),
                line: e.line,
                column: 0,
                field: format!("entry[{}].{field}", e.id),
                message,
            };
            if profile.aspects.is_empty() {
                out.push(at(
                    Severity::Warning,
                    "aspects",
                    "no aspect is read from its phrasings: set `aspects = [...]` so questions about something else never get it".into(),
                ));
            }
            for p in e.phrasings() {
                let read = self
                    .reader
                    .read(&self.analyzer.corpus_words(p), &self.analyzer);
                let names = |ids: &[usize], aspects: bool| -> String {
                    ids.iter()
                        .map(|&x| {
                            if aspects {
                                self.corpus.aspects[x].id.clone()
                            } else {
                                self.corpus.roles[x].id.clone()
                            }
                        })
                        .collect::<Vec<_>>()
                        .join(", ")
                };
                let disjoint = |a: &[usize], b: &[usize]| {
                    !a.is_empty() && !b.is_empty() && !a.iter().any(|x| b.contains(x))
                };
                if e.aspects.is_some() && disjoint(&read.aspects, &profile.aspects) {
                    out.push(at(
                        Severity::Error,
                        "aspects",
                        format!(
                            "the phrasing \"{p}\" reads as [{}], none of which the entry has: add one to `aspects` or reword it",
                            names(&read.aspects, true)
                        ),
                    ));
                }
                if e.roles.is_some() && disjoint(&read.roles, &profile.roles) {
                    out.push(at(
                        Severity::Error,
                        "roles",
                        format!(
                            "the phrasing \"{p}\" names [{}], none of which the entry has: add one to `roles` or reword it",
                            names(&read.roles, false)
                        ),
                    ));
                }
            }
        }
        out
    }

    /// True when an entry or a role attribute answers this aspect (index into `Corpus::aspects`).
    pub fn covers(&self, aspect: usize) -> bool {
        self.covered[aspect]
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

    /// Ranks every entry against a question. Deterministic; never panics.
    pub fn rank(&self, question: &str) -> Ranking {
        self.analyze(question).ranking
    }

    /// Reads a question and ranks every entry against it. Deterministic; never panics; the cost
    /// is bounded by [`MAX_CLAUSES`] whatever the length of the message.
    pub fn analyze(&self, question: &str) -> Analysis {
        let all = self.analyzer.question_clauses(question);
        let readings: Vec<Reading> = all
            .iter()
            .map(|c| self.reader.read(&c.words, &self.analyzer))
            .collect();
        let (clauses, readings) = self.select_clauses(all, readings);
        let asking = asking_clauses(&clauses);
        let mut context = Reading::default();
        readings.iter().for_each(|r| context.merge(r));
        let mut reading = Reading::default();
        for (r, _) in readings.iter().zip(&asking).filter(|(_, &a)| a) {
            reading.merge(r);
        }
        // The story around the question can name what it is about: "I'm torn between MA and MLT.
        // What's the difference day to day?"
        if reading.roles.is_empty() {
            reading.roles = context.roles.clone();
        }
        if reading.aspects.is_empty() {
            reading.aspects = context.aspects.clone();
        }
        reading.excluded = context.excluded.clone();
        reading.roles.retain(|r| !reading.excluded.contains(r));
        let ranking = self.rank_read(&clauses, &readings, &asking, &context, &reading);
        Analysis {
            clauses,
            clause_readings: readings,
            asking,
            reading,
            context,
            ranking,
        }
    }

    /// Keeps the clauses worth scoring: those with a word that is not a number, and of a message
    /// with more than [`MAX_CLAUSES`] of them, the ones that look most like its question (a
    /// question mark, an aspect, a role, words the FAQ knows), in message order. A list of 24
    /// numbers before "how much do MLTs make?" does not push the question out.
    fn select_clauses(
        &self,
        clauses: Vec<Clause>,
        readings: Vec<Reading>,
    ) -> (Vec<Clause>, Vec<Reading>) {
        let mut kept: Vec<(usize, Clause, Reading)> = clauses
            .into_iter()
            .zip(readings)
            .enumerate()
            .filter(|(_, (_, r))| {
                r.words
                    .iter()
                    .any(|w| !is_stopword(w) && !w.chars().all(|c| c.is_ascii_digit()))
            })
            .map(|(i, (c, r))| (i, c, r))
            .collect();
        if kept.len() > MAX_CLAUSES {
            let looks_asked = |(i, c, r): &(usize, Clause, Reading)| {
                let known = r
                    .words
                    .iter()
                    .filter(|w| !is_stopword(w) && self.term_ids.contains_key(w.as_str()))
                    .count()
                    .min(3);
                (
                    c.asks as usize * 4
                        + (!r.aspects.is_empty()) as usize * 2
                        + (!r.roles.is_empty()) as usize
                        + known,
                    *i,
                )
            };
            kept.sort_by_key(|k| std::cmp::Reverse(looks_asked(k)));
            kept.truncate(MAX_CLAUSES);
            kept.sort_by_key(|(i, _, _)| *i);
        }
        kept.into_iter().map(|(_, c, r)| (c, r)).unzip()
    }

    fn rank_read(
        &self,
        clauses: &[Clause],
        readings: &[Reading],
        asking: &[bool],
        context: &Reading,
        asked: &Reading,
    ) -> Ranking {
        // Another field named in a sentence that asks, and none of ours there: "I have an MLT
        // degree. How do I become a histo tech?" asks about histotechnology; "my hospital is
        // hiring pharmacy techs, is that a good job?" about pharmacy.
        let in_asking_sentence = in_asking_sentence(clauses, asking);
        let asked_clauses: Vec<Clause> = clauses
            .iter()
            .zip(&in_asking_sentence)
            .filter(|(_, &a)| a)
            .map(|(c, _)| c.clone())
            .collect();
        let mut asked_roles = Reading::default();
        readings
            .iter()
            .zip(&in_asking_sentence)
            .filter(|(_, &a)| a)
            .for_each(|(r, _)| asked_roles.merge(r));
        asked_roles.excluded = context.excluded.clone();
        asked_roles.roles.retain(|r| !context.excluded.contains(r));
        // And the first rule: another field's word anywhere, and none of our roles anywhere.
        if let Some(word) = self
            .other_field(&asked_clauses, &asked_roles)
            .or_else(|| self.other_field(clauses, context))
        {
            return Ranking::OffTopic(word);
        }
        // "radiology tech vs MLT, which pays more?": a comparison with a job the FAQ does not
        // cover is about that job too, even though it names one of ours.
        let compares = asked
            .aspects
            .iter()
            .any(|&a| self.corpus.aspects[a].compares);
        if compares {
            if let Some(word) = self.other_field(&asked_clauses, &Reading::default()) {
                return Ranking::OffTopic(word);
            }
        }
        let mut unknown: Vec<String> = Vec::new();
        let clause_terms: Vec<Vec<QueryTerm>> = readings
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
        // of the other clauses that the FAQ knows, at CONTEXT_WEIGHT. Words the FAQ never uses
        // count against an entry only inside the window, so the story around a question ("I'm a
        // senior in high school…") does not drown it; known words around it support the entries
        // that explain them and weigh less on the others (see `score`).
        // Only windows holding an asking clause: "I know the average salary is $38,000. What is the
        // starting salary?" asks about starting pay, not about the average.
        let mut windows: Vec<Vec<(QueryTerm, f32)>> = Vec::new();
        for start in 0..clause_terms.len() {
            for len in 1..=WINDOW_CLAUSES.min(clause_terms.len() - start) {
                if !asking[start..start + len].iter().any(|&a| a) {
                    continue;
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
                let fit = super::fit(asked, &self.profiles[entry], &self.covered, self.main_role);
                Some(Candidate {
                    entry,
                    score: with_fit(words, fit * known_share * known_share),
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
        let inside_total: f32 = terms
            .iter()
            .filter(|(_, f)| *f >= 1.0)
            .map(|&(t, _)| self.weight(t))
            .sum();
        let known: HashMap<u32, (f32, bool)> = terms
            .iter()
            .filter_map(|&(t, factor)| match t {
                QueryTerm::Known(id) => {
                    Some((id, (self.weights[id as usize] * factor, factor >= 1.0)))
                }
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
    fn other_field(&self, clauses: &[Clause], reading: &Reading) -> Option<String> {
        if !reading.roles.is_empty() {
            return None;
        }
        for words in clauses.iter().map(|c| &c.words) {
            if let Some(w) = words.iter().find(|w| self.off_topic.contains(*w)) {
                return Some(w.clone());
            }
            // "<word the FAQ never uses> technician": a job the FAQ does not cover.
            for pair in words.windows(2) {
                if self.job_nouns.contains(&pair[1])
                    && !self.analyzer.knows(&pair[0])
                    && !self.modifiers.contains(&pair[0])
                    && !is_stopword(&pair[0])
                    && !pair[0].chars().all(|c| c.is_ascii_digit())
                {
                    return Some(format!("{} {}", pair[0], pair[1]));
                }
            }
        }
        None
    }
}

/// The scoring terms of a reading: its words without stopwords, stemmed (a word that only shares
/// its stem with the FAQ by accident stays itself, marked `!`), then one `@aspect` term per aspect.
/// Duplicates removed, first occurrence kept.
fn terms(analyzer: &Analyzer, reading: &Reading, corpus: &Corpus) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let words = reading.words.iter().filter(|w| !is_stopword(w));
    let stems = words.map(|w| analyzer.stem_of(w).unwrap_or_else(|| format!("!{w}")));
    let aspects = reading.aspects.iter().map(|&a| aspect_term(corpus, a));
    for t in stems.chain(aspects) {
        if !out.contains(&t) {
            out.push(t);
        }
    }
    out
}

/// The term that stands for an aspect: `@` and its id, which no word can be.
fn aspect_term(corpus: &Corpus, aspect: usize) -> String {
    format!("@{}", corpus.aspects[aspect].id)
}

/// An entry's profile: the roles and aspects set in its file, else those read from its phrasings.
fn profile_of(entry: &crate::corpus::Entry, read: &Reading, corpus: &Corpus) -> Profile {
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
        roles: ids(&entry.roles, role_ids).unwrap_or_else(|| read.roles.clone()),
        aspects: ids(&entry.aspects, aspect_ids).unwrap_or_else(|| read.aspects.clone()),
    }
}

/// How much a good fit of roles and aspects adds to a word score: 0.2 for a perfect fit of a
/// question the FAQ knows every word of. "Will I be able to find a job?" shares few words with
/// "What is the job outlook…?", but asks exactly its aspect; a story full of specifics the FAQ
/// never mentions is lifted little, whatever aspect it touches. Added, not pulled towards 1, so
/// two entries that fit alike keep the lead one has over the other in words; the sum can pass 1
/// for ranking, and replies show it capped at 1.
const FIT_LIFT: f32 = 0.2;

fn with_fit(words: f32, fit: f32) -> f32 {
    words + FIT_LIFT * fit
}

/// Per clause, whether its sentence holds a clause that asks: "I'm a nurse, how long does the MLT
/// program take?" is one sentence that asks.
pub(super) fn in_asking_sentence(clauses: &[Clause], asking: &[bool]) -> Vec<bool> {
    let sentences: Vec<usize> = clauses
        .iter()
        .zip(asking)
        .filter(|(_, &a)| a)
        .map(|(c, _)| c.sentence)
        .collect();
    clauses
        .iter()
        .map(|c| sentences.contains(&c.sentence))
        .collect()
}

/// Per clause, whether it asks: the clauses that start like a question ("how", "what", "do"…); when
/// none does, those of sentences ending with `?`; when none does either, every clause.
fn asking_clauses(clauses: &[Clause]) -> Vec<bool> {
    const QUESTION_WORDS: &[&str] = &[
        "what", "how", "why", "when", "where", "which", "who", "is", "are", "can", "do", "does",
        "should", "will", "would", "could", "any",
    ];
    let last = clauses.len().saturating_sub(1);
    let starts_like_a_question = |i: usize, c: &Clause| {
        (c.asks || i == last || c.words.len() >= 3)
            && c.words
                .first()
                .is_some_and(|w| QUESTION_WORDS.contains(&w.as_str()))
    };
    // Clauses that start like a question: "new grad MLT, how do I make my resume stand out?"
    // asks about the resume; "what even is naacls, i keep seeing it. should i care??" asks twice.
    let interrogative: Vec<bool> = clauses
        .iter()
        .enumerate()
        .map(|(i, c)| starts_like_a_question(i, c))
        .collect();
    if interrogative.iter().any(|&q| q) {
        return interrogative;
    }
    // Else the sentences that end with "?" ("MLT salary?"), else everything.
    if clauses.iter().any(|c| c.asks) {
        return clauses.iter().map(|c| c.asks).collect();
    }
    vec![true; clauses.len()]
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
