//! Two lists of English words, compiled in, with their licence notices heading the files:
//! - `english-words.txt` (SCOWL size 35, words of five letters or more): ordinary words that
//!   spelling correction leaves alone: "staring" is not a typo of "starting", nor "purse" of
//!   "nurse", however close they are;
//! - `common-words.txt` (SCOWL sizes 10, 20 and 35, drawn from word-frequency lists): how common
//!   a word is in general English, so that a question's everyday words ("typical", "now") never
//!   make it about something the FAQ lacks, while rarer ones ("introverted") may and specific
//!   ones ("sonographer", "DLM") do.

use std::sync::OnceLock;

use rustc_hash::FxHashSet as HashSet;

const WORDS: &str = include_str!("english-words.txt");
const COMMON: &str = include_str!("common-words.txt");

/// How common a word is in general English: SCOWL's size levels, the smaller the more common.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Commonness {
    /// SCOWL size 10: the most common words ("job", "typical", "dangerous").
    VeryCommon,
    /// SCOWL size 20: common words ("career", "stress", "candidates").
    Common,
    /// SCOWL size 35: ordinary words of any dictionary ("introverted", "coworkers", "dental").
    Ordinary,
}

/// Every word of the list, sorted, each with its level (the most common one where a word is
/// listed twice): one binary search finds a word's level. A hash map of 39,000 words would cost
/// more than twice the memory for no gain a question could notice.
struct Levels {
    words: Vec<&'static str>,
    levels: Vec<Commonness>,
}

fn levels() -> &'static Levels {
    static LEVELS: OnceLock<Levels> = OnceLock::new();
    LEVELS.get_or_init(|| {
        let mut listed: Vec<(&'static str, Commonness)> = Vec::new();
        let mut at = Commonness::VeryCommon;
        for line in COMMON.lines() {
            match line {
                "" => {}
                "[10]" => at = Commonness::VeryCommon,
                "[20]" => at = Commonness::Common,
                "[35]" => at = Commonness::Ordinary,
                l if l.starts_with('#') => {}
                word => listed.push((word, at)),
            }
        }
        // Sorted by word, then level: the first of a word is its most common level.
        listed.sort_unstable();
        listed.dedup_by_key(|&mut (word, _)| word);
        let (words, levels) = listed.into_iter().unzip();
        Levels { words, levels }
    })
}

/// The level of a word of the list as it is written, if any.
fn level_of(word: &str) -> Option<Commonness> {
    let l = levels();
    l.words.binary_search(&word).ok().map(|i| l.levels[i])
}

/// How common `word` (lowercase) is in general English, or `None` when it is rarer than SCOWL
/// size 35 (or no English word at all: an acronym, a name, a typo). A word counts as common as its
/// base form when the list lacks it: "decently" as "decent", "technologies" as "technology",
/// "redoing" as "doing".
pub fn commonness(word: &str) -> Option<Commonness> {
    let direct = level_of(word);
    if direct == Some(Commonness::VeryCommon) {
        return direct;
    }
    base_forms(word)
        .iter()
        .filter_map(|b| level_of(b))
        .chain(direct)
        .min()
}

/// The forms a word may be an inflection or derivation of: without "-s", "-es", "-ed", "-ing",
/// "-er", "-est", "-ly" (with "i" back to "y", a dropped "e" restored, a doubled consonant
/// undone), and without a "re-" prefix.
fn base_forms(word: &str) -> Vec<String> {
    const ENDINGS: &[&str] = &[
        "ally", "ly", "ies", "ied", "ier", "iest", "es", "s", "ed", "ing", "er", "est",
    ];
    let mut out = Vec::new();
    for ending in ENDINGS {
        let Some(stem) = word.strip_suffix(ending) else {
            continue;
        };
        if stem.len() < 3 {
            continue;
        }
        if ending.starts_with('i') {
            out.push(format!("{stem}y"));
            continue;
        }
        out.push(stem.to_string());
        out.push(format!("{stem}e"));
        let mut chars = stem.chars().rev();
        if let (Some(a), Some(b)) = (chars.next(), chars.next()) {
            // Only an ASCII letter doubles ("running" → "run"); slicing by one byte would cut
            // a multi-byte character in two.
            if a == b && a.is_ascii_alphabetic() {
                out.push(stem[..stem.len() - 1].to_string());
            }
        }
    }
    if let Some(rest) = word.strip_prefix("re") {
        if rest.len() >= 4 {
            out.push(rest.to_string());
            out.extend(base_forms(rest));
        }
    }
    out
}

fn words() -> &'static HashSet<&'static str> {
    static SET: OnceLock<HashSet<&'static str>> = OnceLock::new();
    SET.get_or_init(|| {
        WORDS
            .lines()
            .filter(|l| !l.starts_with('#') && !l.is_empty())
            .collect::<HashSet<&'static str>>()
    })
}

/// Builds both word lists now, not on the first question that needs them: a few milliseconds,
/// once per process. Building an index calls it, so no member's question waits for it.
pub fn load() {
    levels();
    words();
}

/// True when `word` (lowercase) is an ordinary English word of the list.
pub fn is_english_word(word: &str) -> bool {
    words().contains(word)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn everyday_words_are_common_and_topic_words_are_not() {
        assert_eq!(commonness("typical"), Some(Commonness::VeryCommon));
        assert_eq!(commonness("stress"), Some(Commonness::Common));
        assert_eq!(commonness("introverted"), Some(Commonness::Ordinary));
        for w in ["sonographer", "dlm", "gpa", "phlebotomy", "texas"] {
            assert_eq!(commonness(w), None, "{w}");
        }
    }

    #[test]
    fn inflections_and_derivations_are_as_common_as_their_base() {
        for (word, base) in [
            ("decently", "decent"),
            ("technologies", "technology"),
            ("redoing", "doing"),
            ("shrinking", "shrink"),
        ] {
            assert!(commonness(word).is_some(), "{word}");
            assert!(commonness(word) <= commonness(base), "{word} / {base}");
        }
    }

    /// Regression: a word ending in a doubled multi-byte letter before "-ing"/"-ed" ("ѩѩing")
    /// was cut inside a character and panicked; the fuzzed hostile-input test found it.
    #[test]
    fn non_ascii_words_never_split_inside_a_character() {
        for w in [
            "ѩѩing",
            "ѩѩѩed",
            "ééés",
            "ннers",
            "日日日ing",
            "reѩѩѩѩ",
            "ßßßly",
            "🕴🕴🕴ing",
        ] {
            assert_eq!(commonness(w), None, "{w}");
        }
    }

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
