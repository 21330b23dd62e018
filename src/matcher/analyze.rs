//! Turns text into the terms the index scores: words → spelling → synonyms → stopwords → stems.
//!
//! Corpus texts and questions go through the same steps, except that only questions are
//! spell-corrected (the corpus defines the vocabulary).

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use crate::corpus::Corpus;
use crate::text::normalize::tokenize;
use crate::text::spelling::Speller;
use crate::text::stem::stem;
use crate::text::stopwords::{is_stopword, strip_fillers};

/// Most clauses of one message that are looked at; the rest of a very long message is ignored.
pub const MAX_CLAUSES: usize = 24;

/// Characters that end a clause: members put one question per sentence or per comma-part.
const CLAUSE_BREAKS: &[char] = &['.', '?', '!', ';', ',', ':', '\n', '(', ')'];

/// The text-processing pipeline, built once per corpus.
#[derive(Debug, Clone, Default)]
pub struct Analyzer {
    speller: Speller,
    /// Every word of the corpus, answers included.
    known: HashSet<String>,
    /// (variant words, canonical words), longest variant first.
    rewrites: Vec<(Vec<String>, Vec<String>)>,
    /// First word of a variant → indexes into `rewrites`, so rewriting is one lookup per word.
    by_first_word: HashMap<String, Vec<usize>>,
}

impl Analyzer {
    /// Builds the pipeline. Typos are corrected only towards words members ask with (the
    /// phrasings, synonyms, role names and off-topic words), not towards every word of the
    /// answers: "staring" must not become "staying" because an answer says "staying".
    pub fn new(corpus: &Corpus) -> Self {
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
                .for_each(|w| count(w, &mut asked));
        }
        corpus
            .synonyms
            .off_topic
            .iter()
            .for_each(|w| count(w, &mut asked));
        let mut known: HashSet<String> = asked.keys().cloned().collect();
        for e in &corpus.entries {
            known.extend(tokenize(&e.answer));
        }

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
        Analyzer {
            speller: Speller::new(asked),
            known,
            rewrites,
            by_first_word,
        }
    }

    /// True when the word appears anywhere in the corpus (or its synonyms).
    pub fn knows(&self, word: &str) -> bool {
        self.known.contains(word)
    }

    /// The words of a corpus text, with synonyms applied (no spelling correction).
    pub fn corpus_words(&self, text: &str) -> Vec<String> {
        self.rewrite(tokenize(text))
    }

    /// A question split into clauses, each as spell-corrected words with synonyms applied.
    pub fn question_clauses(&self, text: &str) -> Vec<Vec<String>> {
        let text: String = text
            .chars()
            .take(crate::text::normalize::MAX_INPUT_CHARS)
            .collect();
        text.split(CLAUSE_BREAKS)
            .map(|clause| {
                let words = strip_fillers(tokenize(clause))
                    .into_iter()
                    .map(|w| match self.speller.correct(&w) {
                        Some(known) => known.to_string(),
                        None => w,
                    })
                    .collect();
                self.rewrite(words)
            })
            .filter(|words: &Vec<String>| !words.is_empty())
            .take(MAX_CLAUSES)
            .collect()
    }

    /// Applies the synonyms until nothing changes (a typo variant can complete a phrase: "medical
    /// technolgist" → "medical technologist" → one concept), at most a few passes.
    fn rewrite(&self, mut words: Vec<String>) -> Vec<String> {
        for _ in 0..3 {
            let next = self.rewrite_once(&words);
            if next == words {
                break;
            }
            words = next;
        }
        words
    }

    /// One left-to-right pass replacing synonym variants, longest variant first.
    fn rewrite_once(&self, words: &[String]) -> Vec<String> {
        let mut out = Vec::with_capacity(words.len());
        let mut i = 0;
        while i < words.len() {
            let hit = self.by_first_word.get(&words[i]).and_then(|candidates| {
                candidates
                    .iter()
                    .map(|&c| &self.rewrites[c])
                    .find(|(variant, _)| words[i..].starts_with(variant))
            });
            match hit {
                Some((variant, canonical)) => {
                    out.extend(canonical.iter().cloned());
                    i += variant.len();
                }
                None => {
                    out.push(words[i].clone());
                    i += 1;
                }
            }
        }
        out
    }
}

/// The scoring terms of some words: stopwords dropped, the rest stemmed, duplicates removed.
pub fn terms(words: &[String]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for w in words {
        if is_stopword(w) {
            continue;
        }
        let s = stem(w);
        if !out.contains(&s) {
            out.push(s);
        }
    }
    out
}
