//! Typo correction against the corpus's own vocabulary ("phlebotmy" → "phlebotomy").
//!
//! Candidates are found with the symmetric-delete method (every word with one character deleted
//! points back at the word), so a lookup costs a few hash probes however large the vocabulary is;
//! strsim's Damerau-Levenshtein distance then confirms and ranks them.

use rustc_hash::FxHashMap as HashMap;

/// Words shorter than this are never corrected, nor corrected into: short words sit one edit
/// away from many others ("link" → "line", "movie" → "move"), so a guess there is often wrong.
const MIN_CORRECTABLE: usize = 5;

/// A vocabulary that can suggest the intended word for a misspelt one.
#[derive(Debug, Default, Clone)]
pub struct Speller {
    /// Known word → how many corpus texts use it (preferred when two corrections tie).
    frequency: HashMap<String, u32>,
    /// Words kept as typed but never produced by a correction: another field's words. "purse"
    /// must not become "nurse", yet "nurse" typed as such stays "nurse".
    kept: rustc_hash::FxHashSet<String>,
    /// A known word with one character deleted → the known words it came from.
    deletes: HashMap<String, Vec<String>>,
}

impl Speller {
    /// Builds the speller from (word, frequency) pairs: the words a typo may be corrected into.
    pub fn new<I: IntoIterator<Item = (String, u32)>>(words: I) -> Self {
        Self::with_kept(words, std::iter::empty())
    }

    /// Like [`Speller::new`], plus words that are recognised as typed but never a correction's
    /// result (the words of other fields).
    pub fn with_kept<I, K>(words: I, kept: K) -> Self
    where
        I: IntoIterator<Item = (String, u32)>,
        K: IntoIterator<Item = String>,
    {
        let kept: rustc_hash::FxHashSet<String> = kept.into_iter().collect();
        let mut frequency: HashMap<String, u32> = HashMap::default();
        for (w, f) in words {
            if !kept.contains(&w) {
                *frequency.entry(w).or_default() += f;
            }
        }
        let mut deletes: HashMap<String, Vec<String>> = HashMap::default();
        for w in frequency.keys() {
            if w.chars().count() < MIN_CORRECTABLE {
                continue;
            }
            for d in one_deletes(w) {
                deletes.entry(d).or_default().push(w.clone());
            }
        }
        for v in deletes.values_mut() {
            v.sort();
            v.dedup();
        }
        Speller {
            frequency,
            deletes,
            kept,
        }
    }

    /// The known word `word` most likely stands for: itself when known, a close known word when
    /// one is within reach, `None` otherwise.
    pub fn correct(&self, word: &str) -> Option<&str> {
        if let Some((known, _)) = self.frequency.get_key_value(word) {
            return Some(known.as_str());
        }
        if let Some(kept) = self.kept.get(word) {
            return Some(kept.as_str());
        }
        // A real word is what the member meant, even when it is one letter from an FAQ word.
        if crate::text::english::is_english_word(word) {
            return None;
        }
        let len = word.chars().count();
        if len < MIN_CORRECTABLE || word.chars().any(|c| c.is_ascii_digit()) {
            return None;
        }
        let max_distance = if len < 9 { 1 } else { 2 };
        let mut candidates: Vec<&str> = Vec::new();
        // The typo is a known word with a character deleted...
        if let Some(words) = self.deletes.get(word) {
            candidates.extend(words.iter().map(String::as_str));
        }
        for d in one_deletes(word) {
            // ...or with a character added...
            if let Some((known, _)) = self.frequency.get_key_value(d.as_str()) {
                candidates.push(known.as_str());
            }
            // ...or with one changed or two swapped.
            if let Some(words) = self.deletes.get(&d) {
                candidates.extend(words.iter().map(String::as_str));
            }
        }
        candidates
            .into_iter()
            .filter(|c| c.chars().count() >= MIN_CORRECTABLE)
            .map(|c| (strsim::damerau_levenshtein(word, c), c))
            .filter(|(d, _)| *d <= max_distance)
            .min_by(|(da, a), (db, b)| {
                da.cmp(db)
                    .then_with(|| self.frequency[*b].cmp(&self.frequency[*a]))
                    .then_with(|| a.cmp(b))
            })
            .map(|(_, c)| c)
    }
}

/// Every string made by deleting one character of `word`.
fn one_deletes(word: &str) -> Vec<String> {
    let chars: Vec<char> = word.chars().collect();
    (0..chars.len())
        .map(|i| {
            chars[..i]
                .iter()
                .chain(chars[i + 1..].iter())
                .collect::<String>()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn speller() -> Speller {
        Speller::new(
            [
                "phlebotomy",
                "certification",
                "technologist",
                "medical",
                "salary",
                "what",
            ]
            .into_iter()
            .map(|w| (w.to_string(), 1)),
        )
    }

    #[test]
    fn corrects_a_missing_letter() {
        assert_eq!(speller().correct("phlebotmy"), Some("phlebotomy"));
        assert_eq!(speller().correct("certifcation"), Some("certification"));
        assert_eq!(speller().correct("medcal"), Some("medical"));
    }

    #[test]
    fn corrects_swapped_and_changed_letters() {
        assert_eq!(speller().correct("technolgoist"), Some("technologist"));
        assert_eq!(speller().correct("salery"), Some("salary"));
    }

    #[test]
    fn never_corrects_into_another_fields_word() {
        let s = Speller::with_kept(
            ["purpose", "medical"]
                .into_iter()
                .map(|w| (w.to_string(), 1)),
            ["nurse".to_string(), "dental".to_string()],
        );
        assert_eq!(s.correct("purse"), None);
        assert_eq!(s.correct("mental"), None);
        assert_eq!(s.correct("nurse"), Some("nurse"));
        assert_eq!(s.correct("dental"), Some("dental"));
    }

    #[test]
    fn never_corrects_an_ordinary_english_word() {
        let s = Speller::new(
            ["starting", "nurse", "pursue"]
                .into_iter()
                .map(|w| (w.to_string(), 1)),
        );
        assert_eq!(s.correct("staring"), None);
        assert_eq!(s.correct("purse"), None);
        assert_eq!(s.correct("startng"), Some("starting"));
    }

    #[test]
    fn leaves_unrelated_and_short_words_alone() {
        assert_eq!(speller().correct("pharmacy"), None);
        assert_eq!(speller().correct("wat"), None);
        assert_eq!(speller().correct("whats"), None);
    }
}
