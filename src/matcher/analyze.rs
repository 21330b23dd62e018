//! Turns text into the words the reader and the index work on: chat markup and dotted
//! abbreviations → sentences → words → spelling → places → synonyms.
//!
//! Corpus texts and questions go through the same steps, except that only questions are
//! spell-corrected (the corpus defines the vocabulary).

use std::sync::OnceLock;

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use crate::corpus::Corpus;
use crate::text::english::{commonness, is_english_word, Commonness};
use crate::text::normalize::{prepare, tokenize};
use crate::text::spelling::Speller;
use crate::text::stem::stem;
use crate::text::stopwords::strip_fillers;

/// Most sentences of one message that are scored. When a message has more, the ones that look
/// most like the question are kept (see [`super::Index::rank`]), wherever they are.
pub const MAX_CLAUSES: usize = 24;

/// Characters that end a sentence.
const SENTENCE_ENDS: &[char] = &['.', '?', '!', ';', '\n'];
/// Characters that split a sentence into clauses: members put one question per sentence or per
/// comma-part. Brackets do not: "What does a medical technologist (MT/MLS) do?" is one question.
const CLAUSE_BREAKS: &[char] = &[',', ':'];

/// The sentences of a text, each with whether it ends with a question mark.
/// A dot between two digits ("a GPA of 2.6") is no sentence end.
fn sentences(text: &str) -> Vec<(&str, bool)> {
    let mut out = Vec::new();
    let mut start = 0;
    let bytes = text.as_bytes();
    for (i, c) in text.char_indices() {
        if !SENTENCE_ENDS.contains(&c) {
            continue;
        }
        let decimal = c == '.'
            && i > 0
            && bytes[i - 1].is_ascii_digit()
            && bytes.get(i + 1).is_some_and(u8::is_ascii_digit);
        if decimal {
            continue;
        }
        out.push((&text[start..i], c == '?'));
        start = i + c.len_utf8();
    }
    if start < text.len() {
        out.push((&text[start..], false));
    }
    out
}

/// One clause of a question: its words after spelling and synonyms, and whether it ended with a
/// question mark.
#[derive(Debug, Clone, PartialEq)]
pub struct Clause {
    /// The words, spell-corrected, with synonyms applied (multi-word concepts joined by `_`).
    pub words: Vec<String>,
    /// True when the sentence it belongs to ended with `?`.
    pub asks: bool,
    /// Number of its sentence in the message (0-based).
    pub sentence: usize,
}

/// The text-processing pipeline, built once per corpus.
#[derive(Debug, Clone, Default)]
pub struct Analyzer {
    speller: Speller,
    /// Every word of the corpus, answers included, with how common it is in English
    /// ([`commonness`]), worked out the first time a question needs it: most words a question
    /// is weighed by are the FAQ's own, and they recur.
    known: HashMap<String, OnceLock<Option<Commonness>>>,
    /// The stems of the words members ask with, worked out once (stemming is most of the cost
    /// of scoring a question).
    stems: HashMap<String, String>,
    /// Stems the corpus uses as verbs (it has an "-ing" or "-ed" word with that stem), so "testing"
    /// meets "test" but "programming" does not meet "program".
    verb_stems: HashSet<String>,
    /// (variant words, canonical words), longest variant first.
    rewrites: Vec<(Vec<String>, Vec<String>)>,
    /// First word of a variant → indexes into `rewrites`, so rewriting is one lookup per word.
    by_first_word: HashMap<String, Vec<usize>>,
    /// Abbreviations that can mean something else, and where they do.
    ambiguous: Vec<crate::corpus::Ambiguity>,
}

impl Analyzer {
    /// Builds the pipeline. Typos are corrected only towards words members ask with (the
    /// phrasings, synonyms, role names, aspect cues and other fields' words), not towards every
    /// word of the answers, and an ordinary English word is never corrected at all: "staring"
    /// stays "staring" and "purse" stays "purse", while "nurces" is read as "nurses".
    pub fn new(corpus: &Corpus) -> Self {
        crate::text::english::load();
        let mut asked: HashMap<String, u32> = HashMap::default();
        let count = |text: &str, into: &mut HashMap<String, u32>| {
            for w in tokenize(text) {
                *into.entry(w).or_default() += 1;
            }
        };
        for e in &corpus.entries {
            e.phrasings().for_each(|p| count(p, &mut asked));
        }
        for r in &corpus.roles {
            count(&r.name, &mut asked);
            r.aliases.iter().for_each(|a| count(a, &mut asked));
        }
        for (variant, canonical) in &corpus.synonyms.rewrites {
            variant
                .iter()
                .chain(canonical)
                .for_each(|w| *asked.entry(w.clone()).or_default() += 1);
        }
        for a in &corpus.aspects {
            for cue in &a.cues {
                for part in &cue.parts {
                    if let crate::corpus::cue::CuePart::Words(words) = part {
                        words
                            .iter()
                            .for_each(|w| *asked.entry(w.clone()).or_default() += 1);
                    }
                }
            }
        }
        for w in &corpus.synonyms.off_topic {
            *asked.entry(w.clone()).or_default() += 1;
        }
        let mut known: HashSet<String> = asked.keys().cloned().collect();
        for e in &corpus.entries {
            known.extend(tokenize(&e.answer));
        }
        // Concepts made of several words ("blood_bank") are known words too.
        known.extend(
            corpus
                .synonyms
                .rewrites
                .iter()
                .filter(|(_, canonical)| canonical.len() > 1)
                .map(|(_, canonical)| canonical.join("_")),
        );
        let verb_stems = known
            .iter()
            .filter(|w| w.ends_with("ing") || w.ends_with("ed"))
            .map(|w| stem(w))
            .collect();
        let known = known.into_iter().map(|w| (w, OnceLock::new())).collect();

        // A multi-word canonical form ("medical laboratory technician") becomes one concept term,
        // whether a member wrote it out or used a variant ("mlt", "lab tech"): a role named in
        // three words must not outweigh the one word that says what is asked about it.
        let mut rewrites: Vec<(Vec<String>, Vec<String>)> = Vec::new();
        for (variant, canonical) in &corpus.synonyms.rewrites {
            let concept = vec![canonical.join("_")];
            rewrites.push((variant.clone(), concept.clone()));
            if canonical.len() > 1 && !rewrites.iter().any(|(v, _)| v == canonical) {
                rewrites.push((canonical.clone(), concept));
            }
        }
        // Longest variants first, so "med lab tech" wins over "lab tech".
        rewrites.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then(a.0.cmp(&b.0)));
        let mut by_first_word: HashMap<String, Vec<usize>> = HashMap::default();
        for (i, (variant, _)) in rewrites.iter().enumerate() {
            by_first_word.entry(variant[0].clone()).or_default().push(i);
        }
        let stems = asked.keys().map(|w| (w.clone(), stem(w))).collect();
        let words = &corpus.synonyms;
        Analyzer {
            stems,
            speller: Speller::new(asked),
            known,
            verb_stems,
            rewrites,
            by_first_word,
            ambiguous: words.ambiguous.clone(),
        }
    }

    /// True when the word appears anywhere in the corpus (or its synonyms and cues).
    pub fn knows(&self, word: &str) -> bool {
        self.known.contains_key(word)
    }

    /// Every word [`Analyzer::knows`], in no particular order.
    pub fn known_words(&self) -> impl Iterator<Item = &str> {
        self.known.keys().map(String::as_str)
    }

    /// How common `word` (lowercase) is in general English: [`commonness`], remembered for the
    /// words the corpus uses.
    pub fn commonness(&self, word: &str) -> Option<Commonness> {
        match self.known.get(word) {
            Some(level) => *level.get_or_init(|| commonness(word)),
            None => commonness(word),
        }
    }

    /// The stem a question word is scored by, or `None` when the word only shares a stem with
    /// the FAQ's words by accident: an "-ing" form the FAQ never uses of a stem it uses only as a
    /// noun ("programming" is not about a lab "program").
    pub fn stem_of(&self, word: &str) -> Option<String> {
        if let Some(s) = self.stems.get(word) {
            return Some(s.clone());
        }
        let s = stem(word);
        if self.known.contains_key(word) || !word.ends_with("ing") || self.verb_stems.contains(&s) {
            Some(s)
        } else {
            None
        }
    }

    /// The words of a corpus text, with synonyms applied (no spelling correction).
    pub fn corpus_words(&self, text: &str) -> Vec<String> {
        self.rewrite(self.places(tokenize(&prepare(text))))
    }

    /// A question split into clauses: spell-corrected words with places told apart from roles
    /// and synonyms applied. Clauses without a word are dropped.
    pub fn question_clauses(&self, text: &str) -> Vec<Clause> {
        let text = prepare(text);
        let mut clauses = Vec::new();
        for (n, (sentence, asks)) in sentences(&text).into_iter().enumerate() {
            for part in sentence.split(CLAUSE_BREAKS) {
                let tokens = strip_fillers(tokenize(part));
                let mut words: Vec<String> = Vec::with_capacity(tokens.len());
                for w in tokens {
                    self.spell(w, &mut words);
                }
                let words = self.rewrite(self.places(words));
                if !words.is_empty() {
                    clauses.push(Clause {
                        words,
                        asks,
                        sentence: n,
                    });
                }
            }
        }
        clauses
    }

    /// One word of a question as the FAQ would write it: a plural of an abbreviation the FAQ knows
    /// as its singular ("MLSs", "MLSes" → "mls"), a known word, a typo corrected, or two known
    /// words run together ("labassistant" → "lab assistant"); else the word itself.
    /// The word (or words) go onto `out`.
    fn spell(&self, word: String, out: &mut Vec<String>) {
        if let Some(singular) = self.abbreviation_plural(&word) {
            out.push(singular.to_string());
        } else if let Some(known) = self.speller.correct(&word) {
            // Most words are known as typed: the word itself, not a copy.
            out.push(if known == word {
                word
            } else {
                known.to_string()
            });
        } else if let Some((a, b)) = self.run_together(&word) {
            out.extend([a.to_string(), b.to_string()]);
        } else {
            out.push(word);
        }
    }

    /// The singular of a plural abbreviation ("clss", "mlses"): a short word the FAQ asks with
    /// that is no English word, plus "s" or "es".
    fn abbreviation_plural<'a>(&self, word: &'a str) -> Option<&'a str> {
        if self.stems.contains_key(word) || is_english_word(word) {
            return None;
        }
        [word.strip_suffix("es"), word.strip_suffix('s')]
            .into_iter()
            .flatten()
            .find(|s| {
                (2..=5).contains(&s.len())
                    && self.stems.contains_key(*s)
                    && !is_english_word(s)
                    && self.commonness(s).is_none()
            })
    }

    /// Two words the FAQ asks with, run together ("labassistant", "phlebotomytech"): each at least
    /// three letters, the whole no English word.
    fn run_together<'a>(&self, word: &'a str) -> Option<(&'a str, &'a str)> {
        if word.len() < 6 || !word.is_ascii() || is_english_word(word) {
            return None;
        }
        (3..=word.len() - 3)
            .map(|i| word.split_at(i))
            .find(|(a, b)| self.stems.contains_key(*a) && self.stems.contains_key(*b))
    }

    /// Replaces (or drops) abbreviations that mean something else here: "make in MA" is a US
    /// state and "this is BS" no degree, but "what does an MA do" and "in MA school" are the role.
    fn places(&self, mut words: Vec<String>) -> Vec<String> {
        let mut i = 0;
        while i < words.len() {
            let other_sense = self.ambiguous.iter().find(|a| {
                a.words.contains(&words[i])
                    && a.not_after
                        .iter()
                        .any(|cue| i >= cue.len() && words[i - cue.len()..i] == cue[..])
                    && !words
                        .get(i + 1)
                        .is_some_and(|next| a.unless_followed_by.contains(next))
            });
            match other_sense {
                Some(a) => {
                    words.splice(i..=i, a.means.iter().cloned());
                    i += a.means.len();
                }
                None => i += 1,
            }
        }
        words
    }

    /// Applies the synonyms until nothing changes (a typo variant can complete a phrase: "medical
    /// technolgist" → "medical technologist" → one concept), at most a few passes.
    fn rewrite(&self, mut words: Vec<String>) -> Vec<String> {
        for _ in 0..3 {
            let (next, replaced) = self.rewrite_once(words);
            words = next;
            // A pass that replaced nothing changed nothing, and neither would the next one.
            if !replaced {
                break;
            }
        }
        words
    }

    /// One left-to-right pass replacing synonym variants, longest variant first; true when it
    /// replaced any.
    fn rewrite_once(&self, mut words: Vec<String>) -> (Vec<String>, bool) {
        let hit_at = |words: &[String], i: usize| {
            self.by_first_word.get(&words[i]).and_then(|candidates| {
                candidates
                    .iter()
                    .map(|&c| &self.rewrites[c])
                    .find(|(variant, _)| words[i..].starts_with(variant))
            })
        };
        if !(0..words.len()).any(|i| hit_at(&words, i).is_some()) {
            return (words, false);
        }
        let mut out = Vec::with_capacity(words.len());
        let mut i = 0;
        while i < words.len() {
            match hit_at(&words, i) {
                Some((variant, canonical)) => {
                    out.extend(canonical.iter().cloned());
                    i += variant.len();
                }
                None => {
                    out.push(std::mem::take(&mut words[i]));
                    i += 1;
                }
            }
        }
        (out, true)
    }
}
