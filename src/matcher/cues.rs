//! The aspect cues of `aspects.toml`, compiled once per corpus and matched against a clause.
//!
//! A cue's words go through the synonyms, lose their articles, and become ids of *cue words*.
//! Every form a cue word matches ("land": "lands", "landed", "landing"; see [`word_matches`]) is
//! keyed at build, so a clause's words are looked up once each, and the rest is integers:
//! - a cue is tried only where its first word (or a role mention, for `{role} …`) is, and only when
//!   every word it needs is somewhere in the clause (cues are looked up by their rarest word);
//! - longer cues are tried first and use up their words, so a shorter cue inside them does not
//!   fire too.

use rustc_hash::FxHashMap as HashMap;
use smallvec::SmallVec;

use super::analyze::Analyzer;
use crate::corpus::cue::{CuePart, MAX_GAP};
use crate::corpus::Corpus;

/// A role mention in a clause: (first word, word after it, role).
pub(super) type Mention = (usize, usize, usize);

/// A cue ready to match.
#[derive(Debug, Clone)]
struct Pattern {
    parts: Vec<Part>,
    /// The cue words it needs, each once.
    needs: Vec<u32>,
    aspect: usize,
}

#[derive(Debug, Clone, PartialEq)]
enum Part {
    /// A cue word, by id.
    Word(u32),
    Gap,
    Role,
    End,
}

/// The compiled cues of a corpus.
#[derive(Debug, Clone, Default)]
pub(super) struct Cues {
    /// In priority order: the most literal words first, a cue with `{role}` or `$` before one
    /// without.
    patterns: Vec<Pattern>,
    /// Every form of every cue word → the cue words it is a form of.
    forms: HashMap<String, Vec<u32>>,
    /// Per cue word: the patterns (indexes, in priority order) that start with a word and need
    /// this one, of all the words they need, the one fewest patterns need. A pattern can only
    /// match where all its words are, so looking it up by its rarest word finds the same
    /// patterns as by its first word, and tries far fewer that cannot match ("how", "do" start
    /// many cues).
    by_rarest: Vec<Vec<usize>>,
    /// The patterns that do not start with a word (`{role} …`): tried where a role is mentioned.
    by_role: Vec<usize>,
}

/// A clause's words as the cues see them (inline: most clauses are short).
pub(super) struct CueWords<'a> {
    /// Per word: the cue words it is a form of.
    per_word: SmallVec<[&'a [u32]; 16]>,
    /// Every cue word the clause holds a form of, sorted.
    present: SmallVec<[u32; 16]>,
}

impl Cues {
    /// Compiles the cues of every aspect, their words through the analyzer's synonyms.
    pub fn new(corpus: &Corpus, analyzer: &Analyzer, articles: &[&str]) -> Cues {
        let mut ids: HashMap<String, u32> = HashMap::default();
        let mut patterns = Vec::new();
        for (aspect, a) in corpus.aspects.iter().enumerate() {
            for cue in &a.cues {
                let mut parts = Vec::new();
                for part in &cue.parts {
                    match part {
                        CuePart::Words(words) => {
                            for w in analyzer.corpus_words(&words.join(" ")) {
                                if articles.contains(&w.as_str()) {
                                    continue;
                                }
                                let next = ids.len() as u32;
                                parts.push(Part::Word(*ids.entry(w).or_insert(next)));
                            }
                        }
                        CuePart::Gap => parts.push(Part::Gap),
                        CuePart::Role => parts.push(Part::Role),
                        CuePart::End => parts.push(Part::End),
                    }
                }
                let mut needs: Vec<u32> = parts
                    .iter()
                    .filter_map(|p| match p {
                        Part::Word(id) => Some(*id),
                        _ => None,
                    })
                    .collect();
                let literal = needs.len();
                needs.sort_unstable();
                needs.dedup();
                if literal > 0 {
                    patterns.push((
                        literal,
                        Pattern {
                            parts,
                            needs,
                            aspect,
                        },
                    ));
                }
            }
        }
        // Longest cues first; a cue with {role} or $ is more specific than one without.
        patterns.sort_by_key(|(literal, p)| {
            let anchors = p
                .parts
                .iter()
                .filter(|x| matches!(x, Part::Role | Part::End))
                .count();
            std::cmp::Reverse(literal * 2 + anchors)
        });
        let patterns: Vec<Pattern> = patterns.into_iter().map(|(_, p)| p).collect();

        let mut forms: HashMap<String, Vec<u32>> = HashMap::default();
        for (word, &id) in &ids {
            for form in inflections(word) {
                forms.entry(form).or_default().push(id);
            }
        }
        for list in forms.values_mut() {
            list.sort_unstable();
        }
        let mut needed_by = vec![0usize; ids.len()];
        for p in &patterns {
            p.needs.iter().for_each(|&id| needed_by[id as usize] += 1);
        }
        let mut by_rarest: Vec<Vec<usize>> = vec![Vec::new(); ids.len()];
        let mut by_role = Vec::new();
        for (i, p) in patterns.iter().enumerate() {
            match p.parts[0] {
                Part::Word(_) => {
                    // Every pattern needs a word (cues without one are dropped above).
                    let rarest = p
                        .needs
                        .iter()
                        .min_by_key(|&&id| (needed_by[id as usize], id));
                    if let Some(&id) = rarest {
                        by_rarest[id as usize].push(i);
                    }
                }
                _ => by_role.push(i),
            }
        }
        Cues {
            patterns,
            forms,
            by_rarest,
            by_role,
        }
    }

    /// Looks up a clause's words (articles already removed).
    pub fn words<'a>(&'a self, words: &[&str]) -> CueWords<'a> {
        let per_word: SmallVec<[&[u32]; 16]> = words
            .iter()
            .map(|w| self.forms.get(*w).map_or(&[][..], Vec::as_slice))
            .collect();
        let mut present: SmallVec<[u32; 16]> = per_word
            .iter()
            .flat_map(|ids| ids.iter().copied())
            .collect();
        present.sort_unstable();
        present.dedup();
        CueWords { per_word, present }
    }

    /// The aspects a clause's cues name, as (position of the cue, aspect), each word used by one
    /// cue at most (marked in `used`): every cue tried, in priority order then from the left, at
    /// each position where it could start. Cues starting at `set_aside_from` or later use up their
    /// words but name nothing ("aside from the license and the degree, …").
    pub fn find(
        &self,
        words: &CueWords,
        mentions: &[Mention],
        used: &mut [bool],
        set_aside_from: usize,
    ) -> Vec<(usize, usize)> {
        // The patterns worth trying: those whose every word is somewhere in the clause (in any
        // of its forms; found by their rarest word), and that start with a word, or with a role
        // when one is mentioned here. Each is tried where it could start, from the left, in
        // pattern priority order: as if every pattern were tried everywhere.
        let needed_here = |&p: &usize| {
            self.patterns[p]
                .needs
                .iter()
                .all(|id| words.present.binary_search(id).is_ok())
        };
        let mut worth: SmallVec<[usize; 16]> = words
            .present
            .iter()
            .flat_map(|&id| self.by_rarest[id as usize].iter().copied())
            .filter(needed_here)
            .collect();
        if !mentions.is_empty() {
            worth.extend(self.by_role.iter().copied().filter(needed_here));
        }
        worth.sort_unstable();
        let mut found: Vec<(usize, usize)> = Vec::new();
        let mut positions: SmallVec<[usize; 8]> = SmallVec::new();
        for pi in worth {
            let p = &self.patterns[pi];
            // Where it could start: at its first word, or at a role mention (no list built).
            let first_word = match p.parts[0] {
                Part::Word(id) => Some(id),
                _ => None,
            };
            let starts = (0..words.per_word.len())
                .filter(|&k| first_word.is_some_and(|id| words.per_word[k].contains(&id)))
                .chain(
                    mentions
                        .iter()
                        .filter(|_| first_word.is_none())
                        .map(|&(start, _, _)| start),
                );
            for start in starts {
                positions.clear();
                if match_parts(&p.parts, words, mentions, used, start, &mut positions) {
                    positions.iter().for_each(|&k| used[k] = true);
                    if start < set_aside_from {
                        found.push((start, p.aspect));
                    }
                    break;
                }
            }
        }
        found
    }
}

/// Matches `parts` at `at`, collecting the positions of literal words; backtracks over gaps.
fn match_parts(
    parts: &[Part],
    words: &CueWords,
    mentions: &[Mention],
    used: &[bool],
    at: usize,
    positions: &mut SmallVec<[usize; 8]>,
) -> bool {
    let Some(first) = parts.first() else {
        return true;
    };
    let rest = &parts[1..];
    let n = words.per_word.len();
    match first {
        Part::Word(id) => {
            if at < n && !used[at] && words.per_word[at].contains(id) {
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
        Part::End => at == n,
        Part::Gap => (0..=MAX_GAP)
            .take_while(|skip| at + skip <= n)
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
