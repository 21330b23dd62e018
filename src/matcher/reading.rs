//! Reads a question (or an entry's phrasing) as roles + aspects + other words.
//!
//! - **Roles** are found by the names and aliases of `roles.toml` ("mlt", "lab tech", "phlebotomist"),
//!   after synonyms; a role right after an exclusion cue ("I don't want to be a medical assistant",
//!   "rather than an MA") is *excluded*: it is not what is asked about.
//! - **Aspects** are found by the cues of `aspects.toml` ("how much ... make" → pay). Longer cues are
//!   tried first and use up their words, so a shorter cue inside them does not fire too (see
//!   [`super::cues`]).
//! - What is left are the **other words**, scored by the index.
//!
//! "a", "an" and "the" are skipped when reading, on both sides.

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use smallvec::SmallVec;

use super::analyze::{Analyzer, Clause};
use super::cues::{Cues, Mention};
use crate::corpus::Corpus;
use crate::text::stopwords::is_stopword;

/// Words skipped when reading roles and cues.
const ARTICLES: &[&str] = &["a", "an", "the"];
/// Words allowed between an exclusion cue and the role it excludes: "not (to) be an MA",
/// "instead of working as an MA".
const EXCLUSION_BRIDGE: &[&str] = &[
    "be", "become", "being", "to", "as", "work", "working", "just", "my", "your", "having",
    "getting",
];

/// Reads roles and aspects; built once per corpus.
#[derive(Debug, Clone, Default)]
pub struct Reader {
    /// Role names and aliases as words, with the index of their role; longest first.
    role_phrases: Vec<(Vec<String>, usize)>,
    /// First word of a role phrase → indexes into `role_phrases` (longest first).
    roles_by_first: HashMap<String, Vec<usize>>,
    exclusion_cues: Vec<Vec<String>>,
    aspect_exclusion_cues: Vec<Vec<String>>,
    /// The last words of `aspect_exclusion_cues`: a clause without one sets nothing aside.
    aspect_exclusion_ends: HashSet<String>,
    cues: Cues,
    generic: HashSet<String>,
    /// Job nouns ("tech", "technician"): alone, a role name only when not part of another job's
    /// title ("pharmacy technician", "zookeeper tech").
    job_nouns: HashSet<String>,
    modifiers: HashSet<String>,
    other_fields: HashSet<String>,
}

/// Roles or aspects of a reading (indexes into `Corpus::roles` or `Corpus::aspects`): a clause
/// names a few at most, so they are kept inline, not on the heap (a question is read into several
/// readings, and their lists were a tenth of its allocations).
pub type Ids = SmallVec<[usize; 4]>;

/// Positions of words in a clause (see [`Reading::words`]); most clauses are short.
type Positions = SmallVec<[u32; 16]>;

/// What one clause (or phrasing) says.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Reading {
    /// Roles asked about (indexes into `Corpus::roles`), in order of first mention.
    pub roles: Ids,
    /// Roles mentioned as what is *not* asked about.
    pub excluded: Ids,
    /// Aspects asked about (indexes into `Corpus::aspects`), in order of first cue.
    pub aspects: Ids,
    /// Where the words to score are among the clause's words (see [`Reading::words`]).
    pub(super) word_at: Positions,
    /// Words that are not a role, a cue, a generic word ("tech", "career") or a stopword.
    pub other_words: usize,
    /// Where those words (numbers too) are among the clause's words (see [`Reading::others`]).
    pub(super) other_at: Positions,
    /// Generic words ("tech", "career") among the words.
    pub generic_words: usize,
}

impl Reading {
    /// The words to score, in order: every word of `clause` (the words this reading was read
    /// from) but articles, stopwords and the mentions of excluded roles. A reading holds
    /// positions, not copies of the words.
    pub fn words<'a>(&'a self, clause: &'a [String]) -> impl Iterator<Item = &'a String> + 'a {
        self.word_at.iter().map(move |&i| &clause[i as usize])
    }

    /// The words of `clause` that are not a role, a cue, a generic word or a stopword (numbers
    /// too), in order: what else the clause names.
    pub fn others<'a>(&'a self, clause: &'a [String]) -> impl Iterator<Item = &'a String> + 'a {
        self.other_at.iter().map(move |&i| &clause[i as usize])
    }

    /// Adds another clause's roles, exclusions, aspects and word counts, not its words: what a
    /// merged reading of several clauses needs (the words stay with each clause's reading, and
    /// copying every word of a message twice was a tenth of the cost of reading it).
    pub fn merge_summary(&mut self, other: &Reading) {
        self.merge_topics(other);
        self.other_words += other.other_words;
        self.generic_words += other.generic_words;
    }

    /// Adds another clause's roles, exclusions and aspects only (not its words).
    pub fn merge_topics(&mut self, other: &Reading) {
        for &r in &other.roles {
            push_unique(&mut self.roles, r);
        }
        for &r in &other.excluded {
            push_unique(&mut self.excluded, r);
        }
        for &a in &other.aspects {
            push_unique(&mut self.aspects, a);
        }
        // A role excluded anywhere is not asked about, even if named elsewhere too.
        self.roles.retain(|r| !self.excluded.contains(r));
    }
}

impl Reader {
    /// Compiles the role names, exclusion cues and aspect cues of a corpus.
    pub fn new(corpus: &Corpus, analyzer: &Analyzer) -> Reader {
        let mut role_phrases: Vec<(Vec<String>, usize)> = Vec::new();
        for (i, r) in corpus.roles.iter().enumerate() {
            for name in std::iter::once(&r.name).chain(&r.aliases) {
                let words = without_articles(analyzer.corpus_words(name));
                if !words.is_empty() && !role_phrases.iter().any(|(p, _)| *p == words) {
                    role_phrases.push((words, i));
                }
            }
        }
        role_phrases.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then(a.1.cmp(&b.1)));
        let mut roles_by_first: HashMap<String, Vec<usize>> = HashMap::default();
        for (i, (phrase, _)) in role_phrases.iter().enumerate() {
            roles_by_first.entry(phrase[0].clone()).or_default().push(i);
        }

        let words = &corpus.synonyms;
        Reader {
            cues: Cues::new(corpus, analyzer, ARTICLES),
            role_phrases,
            roles_by_first,
            exclusion_cues: words.exclusion_cues.clone(),
            aspect_exclusion_cues: words.aspect_exclusion_cues.clone(),
            aspect_exclusion_ends: words
                .aspect_exclusion_cues
                .iter()
                .filter_map(|cue| cue.last().cloned())
                .collect(),
            generic: words.generic.iter().cloned().collect(),
            job_nouns: words.job_nouns.iter().cloned().collect(),
            modifiers: words.modifiers.iter().cloned().collect(),
            other_fields: words.off_topic.iter().cloned().collect(),
        }
    }

    /// Reads one clause (words after the analyzer, which also tells which words the FAQ knows).
    pub fn read(&self, clause: &[String], analyzer: &Analyzer) -> Reading {
        // The words without articles, and where each is in the clause.
        let (at, words): (Positions, SmallVec<[&str; 16]>) = clause
            .iter()
            .enumerate()
            .filter(|(_, w)| !ARTICLES.contains(&w.as_str()))
            .map(|(i, w)| (i as u32, w.as_str()))
            .unzip();
        let n = words.len();
        // Role mentions: (start, end, role), longest phrase first at each position.
        let mut mentions: Vec<Mention> = Vec::new();
        let mut i = 0;
        while i < n {
            let candidates = self
                .roles_by_first
                .get(words[i])
                .map_or(&[][..], Vec::as_slice);
            match candidates
                .iter()
                .map(|&c| &self.role_phrases[c])
                .find(|(phrase, _)| starts_with(&words[i..], phrase))
                .filter(|(phrase, _)| !self.names_another_job(&words, i, phrase, analyzer))
            {
                Some((phrase, role)) => {
                    mentions.push((i, i + phrase.len(), *role));
                    i += phrase.len();
                }
                None => i += 1,
            }
        }
        let mut reading = Reading::default();
        let mut in_mention: SmallVec<[bool; 16]> = SmallVec::from_elem(false, n);
        let mut excluded_span: SmallVec<[bool; 16]> = SmallVec::from_elem(false, n);
        for &(start, end, role) in &mentions {
            in_mention[start..end].iter_mut().for_each(|m| *m = true);
            if self.is_excluded(&words, start) {
                push_unique(&mut reading.excluded, role);
                excluded_span[start..end].iter_mut().for_each(|m| *m = true);
            } else {
                push_unique(&mut reading.roles, role);
            }
        }
        reading.roles.retain(|r| !reading.excluded.contains(r));

        // Aspect cues, longest first, each word used by one cue at most. Cues after "aside from"
        // (to the end of the clause) are set aside: "aside from the license and the degree, …".
        let sets_aside = words
            .iter()
            .any(|w| self.aspect_exclusion_ends.contains(*w));
        let set_aside_from = (0..=n)
            .filter(|_| sets_aside)
            .find(|&k| ends_before(&self.aspect_exclusion_cues, &words, k) && k < n)
            .unwrap_or(n);
        let mut used: SmallVec<[bool; 16]> = SmallVec::from_elem(false, n);
        let mut found = self.cues.find(
            &self.cues.words(&words),
            &mentions,
            &mut used,
            set_aside_from,
        );
        found.sort();
        for (_, aspect) in found {
            push_unique(&mut reading.aspects, aspect);
        }

        reading.word_at.reserve_exact(n);
        for k in 0..n {
            let w = words[k];
            if excluded_span[k] || is_stopword(w) {
                continue;
            }
            reading.word_at.push(at[k]);
            if in_mention[k] || used[k] {
                continue;
            }
            if self.generic.contains(w) {
                reading.generic_words += 1;
            } else {
                if !w.chars().all(|c| c.is_ascii_digit()) {
                    reading.other_words += 1;
                }
                reading.other_at.push(at[k]);
            }
        }
        reading
    }

    /// True when an exclusion cue ends right before `start`, perhaps followed by "be", "as"…
    fn is_excluded(&self, words: &[&str], start: usize) -> bool {
        ends_before(&self.exclusion_cues, words, start)
    }

    /// True when a lone job noun at `at` ("technician") is the end of another job's title (see
    /// [`Reader::ends_another_job`]).
    fn names_another_job(
        &self,
        words: &[&str],
        at: usize,
        phrase: &[String],
        analyzer: &Analyzer,
    ) -> bool {
        phrase.len() == 1 && self.ends_another_job(words, at, analyzer)
    }

    /// The one rule for "another job's title": the word at `at` is a job noun ("technician",
    /// "certification") and the word before it is another field's ("pharmacy technician") or
    /// one the FAQ never uses ("zookeeper technician"), and not one that only describes ("older
    /// techs", "night shift technicians"), a stopword or a number.
    pub fn ends_another_job<W: AsRef<str>>(
        &self,
        words: &[W],
        at: usize,
        analyzer: &Analyzer,
    ) -> bool {
        if at == 0 || !self.job_nouns.contains(words[at].as_ref()) {
            return false;
        }
        let before = words[at - 1].as_ref();
        self.other_fields.contains(before)
            || (!analyzer.knows(before)
                && !self.modifiers.contains(before)
                && !is_stopword(before)
                && !before.chars().all(|c| c.is_ascii_digit()))
    }

    /// A word showing that these clauses are about a field the FAQ does not cover (another
    /// field's word, or another job's title), unless `reading` names one of the FAQ's own roles.
    pub fn other_field<'a>(
        &self,
        clauses: impl IntoIterator<Item = &'a Clause>,
        reading: &Reading,
        analyzer: &Analyzer,
    ) -> Option<String> {
        if !reading.roles.is_empty() {
            return None;
        }
        for words in clauses.into_iter().map(|c| &c.words) {
            if let Some(w) = words.iter().find(|w| self.other_fields.contains(*w)) {
                return Some(w.clone());
            }
            if let Some(at) =
                (1..words.len()).find(|&at| self.ends_another_job(words, at, analyzer))
            {
                return Some(format!("{} {}", words[at - 1], words[at]));
            }
        }
        None
    }

    /// True when `word` is another field's ("nurse", "radiology"), from `[off_topic] words`.
    pub fn is_other_field(&self, word: &str) -> bool {
        self.other_fields.contains(word)
    }
}

/// True when one of `cues` ends right before `start`, perhaps followed by bridge words ("be", "as").
fn ends_before(cues: &[Vec<String>], words: &[&str], start: usize) -> bool {
    let mut end = start;
    loop {
        if cues
            .iter()
            .any(|cue| end >= cue.len() && starts_with(&words[end - cue.len()..end], cue))
        {
            return true;
        }
        if end == 0 || !EXCLUSION_BRIDGE.contains(&words[end - 1]) {
            return false;
        }
        end -= 1;
    }
}

/// True when `words` start with `phrase`.
fn starts_with(words: &[&str], phrase: &[String]) -> bool {
    words.len() >= phrase.len() && words.iter().zip(phrase).all(|(w, p)| w == p)
}

fn without_articles(mut words: Vec<String>) -> Vec<String> {
    words.retain(|w| !ARTICLES.contains(&w.as_str()));
    words
}

fn push_unique(list: &mut Ids, item: usize) {
    if !list.contains(&item) {
        list.push(item);
    }
}
