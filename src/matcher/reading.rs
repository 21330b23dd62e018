//! Reads a question (or an entry's phrasing) as roles + aspects + other words.
//!
//! - **Roles** are found by the names and aliases of `roles.toml` ("mlt", "lab tech", "phlebotomist"),
//!   after synonyms; a role right after an exclusion cue ("I don't want to be a medical assistant",
//!   "rather than an MA") is *excluded*: it is not what is asked about.
//! - **Aspects** are found by the cues of `aspects.toml` ("how much ... make" → pay). Longer cues are
//!   tried first and use up their words, so a shorter cue inside them does not fire too.
//! - What is left are the **other words**, scored by the index.
//!
//! "a", "an" and "the" are skipped when reading, on both sides.

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use super::analyze::{Analyzer, Clause};
use crate::corpus::cue::{CuePart, MAX_GAP};
use crate::corpus::Corpus;
use crate::text::stopwords::is_stopword;

/// The key of [`Reader::by_first`] for patterns that start with `{role}`.
const ROLE_KEY: &str = "{role}";

/// Words skipped when reading roles and cues.
const ARTICLES: &[&str] = &["a", "an", "the"];
/// Words allowed between an exclusion cue and the role it excludes: "not (to) be an MA",
/// "instead of working as an MA".
const EXCLUSION_BRIDGE: &[&str] = &[
    "be", "become", "being", "to", "as", "work", "working", "just", "my", "your", "having",
    "getting",
];

/// A cue ready to match: its words already through the synonyms.
#[derive(Debug, Clone)]
struct Pattern {
    parts: Vec<Part>,
    /// Number of literal words: longer cues are tried first.
    literal: usize,
    aspect: usize,
}

#[derive(Debug, Clone, PartialEq)]
enum Part {
    Word(String),
    Gap,
    Role,
    End,
}

/// Reads roles and aspects; built once per corpus.
#[derive(Debug, Clone, Default)]
pub struct Reader {
    /// Role names and aliases as words, with the index of their role; longest first.
    role_phrases: Vec<(Vec<String>, usize)>,
    /// First word of a role phrase → indexes into `role_phrases` (longest first).
    roles_by_first: HashMap<String, Vec<usize>>,
    exclusion_cues: Vec<Vec<String>>,
    aspect_exclusion_cues: Vec<Vec<String>>,
    patterns: Vec<Pattern>,
    /// First word of a pattern → the patterns (indexes, in priority order) that start with it;
    /// patterns that start with `{role}` are under [`ROLE_KEY`]. Reading a clause looks up its
    /// words rather than trying every pattern at every position.
    by_first: HashMap<String, Vec<usize>>,
    generic: HashSet<String>,
    /// Job nouns ("tech", "technician"): alone, a role name only when not part of another job's
    /// title ("pharmacy technician", "zookeeper tech").
    job_nouns: HashSet<String>,
    modifiers: HashSet<String>,
    other_fields: HashSet<String>,
}

/// What one clause (or phrasing) says.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Reading {
    /// Roles asked about (indexes into `Corpus::roles`), in order of first mention.
    pub roles: Vec<usize>,
    /// Roles mentioned as what is *not* asked about.
    pub excluded: Vec<usize>,
    /// Aspects asked about (indexes into `Corpus::aspects`), in order of first cue.
    pub aspects: Vec<usize>,
    /// The words to score: every word but the mentions of excluded roles.
    pub words: Vec<String>,
    /// Words that are not a role, a cue, a generic word ("tech", "career") or a stopword.
    pub other_words: usize,
    /// Those words themselves (numbers too), in order: what else the clause names.
    pub others: Vec<String>,
    /// Generic words ("tech", "career") among the words.
    pub generic_words: usize,
}

impl Reading {
    /// Adds another clause's reading to this one.
    pub fn merge(&mut self, other: &Reading) {
        self.merge_topics(other);
        self.words.extend(other.words.iter().cloned());
        self.other_words += other.other_words;
        self.others.extend(other.others.iter().cloned());
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

        let mut patterns = Vec::new();
        for (aspect, a) in corpus.aspects.iter().enumerate() {
            for cue in &a.cues {
                let mut parts = Vec::new();
                for part in &cue.parts {
                    match part {
                        CuePart::Words(words) => parts.extend(
                            without_articles(analyzer.corpus_words(&words.join(" ")))
                                .into_iter()
                                .map(Part::Word),
                        ),
                        CuePart::Gap => parts.push(Part::Gap),
                        CuePart::Role => parts.push(Part::Role),
                        CuePart::End => parts.push(Part::End),
                    }
                }
                let literal = parts.iter().filter(|p| matches!(p, Part::Word(_))).count();
                if literal > 0 {
                    patterns.push(Pattern {
                        parts,
                        literal,
                        aspect,
                    });
                }
            }
        }
        // Longest cues first; a cue with {role} or $ is more specific than one without.
        patterns.sort_by_key(|p| {
            let anchors = p
                .parts
                .iter()
                .filter(|x| matches!(x, Part::Role | Part::End))
                .count();
            std::cmp::Reverse(p.literal * 2 + anchors)
        });
        // Keyed by every form `word_matches` accepts ("land": "lands", "landed", "landing"...), so
        // reading a clause is one lookup per word.
        let mut by_first: HashMap<String, Vec<usize>> = HashMap::default();
        for (i, p) in patterns.iter().enumerate() {
            let keys = match &p.parts[0] {
                Part::Word(w) => inflections(w),
                _ => vec![ROLE_KEY.to_string()],
            };
            for key in keys {
                let list = by_first.entry(key).or_default();
                if !list.contains(&i) {
                    list.push(i);
                }
            }
        }
        let words = &corpus.synonyms;
        Reader {
            by_first,
            role_phrases,
            roles_by_first,
            exclusion_cues: words.exclusion_cues.clone(),
            aspect_exclusion_cues: words.aspect_exclusion_cues.clone(),
            patterns,
            generic: words.generic.iter().cloned().collect(),
            job_nouns: words.job_nouns.iter().cloned().collect(),
            modifiers: words.modifiers.iter().cloned().collect(),
            other_fields: words.off_topic.iter().cloned().collect(),
        }
    }

    /// Reads one clause (words after the analyzer, which also tells which words the FAQ knows).
    pub fn read(&self, words: &[String], analyzer: &Analyzer) -> Reading {
        let words = without_articles(words.to_vec());
        let n = words.len();
        // Role mentions: (start, end, role), longest phrase first at each position.
        let mut mentions: Vec<(usize, usize, usize)> = Vec::new();
        let mut i = 0;
        while i < n {
            let candidates = self
                .roles_by_first
                .get(&words[i])
                .map_or(&[][..], Vec::as_slice);
            match candidates
                .iter()
                .map(|&c| &self.role_phrases[c])
                .find(|(phrase, _)| words[i..].starts_with(phrase))
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
        let mut in_mention = vec![false; n];
        let mut excluded_span = vec![false; n];
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
        let set_aside_from = (0..=n)
            .find(|&k| ends_before(&self.aspect_exclusion_cues, &words, k) && k < n)
            .unwrap_or(n);
        let mut used = vec![false; n];
        let mut found: Vec<(usize, usize)> = Vec::new(); // (position, aspect)
                                                         // The (pattern, start) pairs worth trying: patterns whose first word is a word of the
                                                         // clause (or its base form), or that start with a role mentioned here. Tried in pattern
                                                         // priority order, then from the left, as if every pattern were tried everywhere.
        let mut tries: Vec<(usize, usize)> = Vec::new();
        for (k, w) in words.iter().enumerate() {
            if let Some(ps) = self.by_first.get(w) {
                tries.extend(ps.iter().map(|&p| (p, k)));
            }
        }
        if let Some(ps) = self.by_first.get(ROLE_KEY) {
            for &(start, _, _) in &mentions {
                tries.extend(ps.iter().map(|&p| (p, start)));
            }
        }
        tries.sort_unstable();
        tries.dedup();
        let mut done: Option<usize> = None;
        for (pi, start) in tries {
            if done == Some(pi) {
                continue;
            }
            let p = &self.patterns[pi];
            if let Some(positions) = self.match_at(p, &words, &mentions, &used, start) {
                positions.iter().for_each(|&k| used[k] = true);
                if start < set_aside_from {
                    found.push((start, p.aspect));
                }
                done = Some(pi);
            }
        }
        found.sort();
        for (_, aspect) in found {
            push_unique(&mut reading.aspects, aspect);
        }

        for k in 0..n {
            if excluded_span[k] {
                continue;
            }
            let w = &words[k];
            reading.words.push(w.clone());
            if in_mention[k] || used[k] || is_stopword(w) {
                continue;
            }
            if self.generic.contains(w) {
                reading.generic_words += 1;
            } else {
                if !w.chars().all(|c| c.is_ascii_digit()) {
                    reading.other_words += 1;
                }
                reading.others.push(w.clone());
            }
        }
        reading
    }

    /// True when an exclusion cue ends right before `start`, perhaps followed by "be", "as"…
    fn is_excluded(&self, words: &[String], start: usize) -> bool {
        ends_before(&self.exclusion_cues, words, start)
    }

    /// True when a lone job noun at `at` ("technician") is the end of another job's title (see
    /// [`Reader::ends_another_job`]).
    fn names_another_job(
        &self,
        words: &[String],
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
    pub fn ends_another_job(&self, words: &[String], at: usize, analyzer: &Analyzer) -> bool {
        if at == 0 || !self.job_nouns.contains(&words[at]) {
            return false;
        }
        let before = &words[at - 1];
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

    /// The positions of the literal words of `p` if it matches starting at `start`.
    fn match_at(
        &self,
        p: &Pattern,
        words: &[String],
        mentions: &[(usize, usize, usize)],
        used: &[bool],
        start: usize,
    ) -> Option<Vec<usize>> {
        let mut positions = Vec::new();
        if match_parts(&p.parts, words, mentions, used, start, &mut positions) {
            Some(positions)
        } else {
            None
        }
    }
}

/// True when one of `cues` ends right before `start`, perhaps followed by bridge words ("be", "as").
fn ends_before(cues: &[Vec<String>], words: &[String], start: usize) -> bool {
    let mut end = start;
    loop {
        if cues
            .iter()
            .any(|cue| end >= cue.len() && words[end - cue.len()..end] == cue[..])
        {
            return true;
        }
        if end == 0 || !EXCLUSION_BRIDGE.contains(&words[end - 1].as_str()) {
            return false;
        }
        end -= 1;
    }
}

/// Matches `parts` at `at`, collecting the positions of literal words; backtracks over gaps.
fn match_parts(
    parts: &[Part],
    words: &[String],
    mentions: &[(usize, usize, usize)],
    used: &[bool],
    at: usize,
    positions: &mut Vec<usize>,
) -> bool {
    let Some(first) = parts.first() else {
        return true;
    };
    let rest = &parts[1..];
    match first {
        Part::Word(w) => {
            if at < words.len() && !used[at] && word_matches(w, &words[at]) {
                positions.push(at);
                if match_parts(rest, words, mentions, used, at + 1, positions) {
                    return true;
                }
                positions.pop();
            }
            false
        }
        Part::Role => match mentions.iter().find(|(s, _, _)| *s == at) {
            Some(&(_, end, _)) => match_parts(rest, words, mentions, used, end, positions),
            None => false,
        },
        Part::End => at == words.len(),
        Part::Gap => (0..=MAX_GAP)
            .take_while(|skip| at + skip <= words.len())
            .any(|skip| match_parts(rest, words, mentions, used, at + skip, positions)),
    }
}

/// The forms of a cue word that [`word_matches`] accepts: itself, with "-s", "-es", "-ed", "-d" or
/// "-ing", with a final "e" dropped before an ending ("make" → "making"), and with the last
/// consonant doubled before "-ing" or "-ed" ("get" → "getting").
fn inflections(cue: &str) -> Vec<String> {
    const ENDINGS: &[&str] = &["s", "es", "ed", "d", "ing"];
    let mut out = vec![cue.to_string()];
    out.extend(ENDINGS.iter().map(|e| format!("{cue}{e}")));
    if let Some(stem) = cue.strip_suffix('e') {
        out.extend(ENDINGS.iter().map(|e| format!("{stem}{e}")));
    }
    if let Some(last) = cue.chars().last() {
        if (3..=4).contains(&cue.len()) && !"aeiouy".contains(last) {
            out.extend(["ing", "ed"].map(|e| format!("{cue}{last}{e}")));
        }
    }
    out.retain(|form| word_matches(cue, form));
    out.sort();
    out.dedup();
    out
}

/// A cue word matches the same word, or the word with an ending: plural or third person ("-s",
/// "-es"), past ("-ed", "-d") or "-ing", also with a final "e" dropped ("make" → "making") or a
/// last consonant doubled ("get" → "getting").
fn word_matches(cue: &str, word: &str) -> bool {
    const ENDINGS: &[&str] = &["s", "es", "ed", "d", "ing"];
    if word == cue {
        return true;
    }
    let with_ending = |stem: &str| {
        word.strip_prefix(stem)
            .is_some_and(|tail| ENDINGS.contains(&tail))
    };
    if with_ending(cue) {
        return true;
    }
    if let Some(stem) = cue.strip_suffix('e') {
        if with_ending(stem) && !word.ends_with('s') {
            return true;
        }
    }
    // Doubling only for short words ("get", "plan"): "programming" is not a way of saying
    // "program", it is another field.
    match cue.chars().last() {
        Some(last) if (3..=4).contains(&cue.len()) && !"aeiouy".contains(last) => word
            .strip_prefix(cue)
            .and_then(|tail| tail.strip_prefix(last))
            .is_some_and(|tail| tail == "ing" || tail == "ed"),
        _ => false,
    }
}

fn without_articles(mut words: Vec<String>) -> Vec<String> {
    words.retain(|w| !ARTICLES.contains(&w.as_str()));
    words
}

fn push_unique(list: &mut Vec<usize>, item: usize) {
    if !list.contains(&item) {
        list.push(item);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cue_words_match_their_inflections_and_only_those() {
        for (cue, word) in [
            ("land", "landing"),
            ("make", "making"),
            ("get", "getting"),
            ("find", "finds"),
            ("hire", "hired"),
            ("supervise", "supervised"),
        ] {
            assert!(word_matches(cue, word), "{cue} / {word}");
            assert!(
                inflections(cue).contains(&word.to_string()),
                "{cue} / {word}"
            );
        }
        for cue in ["program", "bank", "pay", "make", "get", "supervise"] {
            for form in inflections(cue) {
                assert!(word_matches(cue, &form), "{cue} / {form}");
            }
        }
        // "programming" is another field, not a way of saying "program".
        assert!(!word_matches("program", "programming"));
        assert!(!word_matches("salary", "salaryman"));
    }
}
