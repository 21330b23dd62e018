//! A list of ordinary English words, so that spelling correction leaves them alone: "staring"
//! is not a typo of "starting", nor "purse" of "nurse", however close they are.
//!
//! The list (`english-words.txt`, SCOWL size 35, words of five letters or more) is compiled in;
//! its licence notice heads the file.

use std::sync::OnceLock;

use rustc_hash::FxHashSet as HashSet;

const WORDS: &str = include_str!("english-words.txt");

fn words() -> &'static HashSet<&'static str> {
    static SET: OnceLock<HashSet<&'static str>> = OnceLock::new();
    SET.get_or_init(|| {
        WORDS
            .lines()
            .filter(|l| !l.starts_with('#') && !l.is_empty())
            .collect::<HashSet<&'static str>>()
    })
}

/// True when `word` (lowercase) is an ordinary English word of the list.
pub fn is_english_word(word: &str) -> bool {
    words().contains(word)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordinary_words_are_known_and_typos_are_not() {
        for w in ["staring", "purse", "mental", "thought", "starting"] {
            assert!(is_english_word(w), "{w}");
        }
        for w in [
            "salery",
            "certifcation",
            "technolgist",
            "medcal",
            "phlebotmy",
        ] {
            assert!(!is_english_word(w), "{w}");
        }
    }
}
