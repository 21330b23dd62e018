//! The English function words of `function-words.toml` (compiled in): stopwords, the words that
//! start a question, chat filler, words that point back, first-person openers, contractions and
//! filler phrases.
//!
//! General English, not FAQ knowledge: moderators edit `faq/`, developers edit this file. It is
//! parsed once, on first use; a unit test checks that it parses and that its lists are lowercase
//! single words.

use std::sync::OnceLock;

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use serde::Deserialize;

const DATA: &str = include_str!("function-words.toml");

/// The lists, ready for lookups.
#[derive(Debug)]
pub struct FunctionWords {
    /// Words ignored when scoring ("what", "the", "hi").
    pub stopwords: HashSet<String>,
    /// Words that start a clause that asks ("how", "can", "is").
    pub question_words: HashSet<String>,
    /// Words a clause may open with before its question ("anyway", "so", "ok").
    pub discourse: HashSet<String>,
    /// Chat filler and greetings ("tbh", "lol", "hii"): never what a question is about.
    pub chat: HashSet<String>,
    /// Words of a question that point back at the sentence before it, anywhere ("the other").
    pub reference: HashSet<String>,
    /// The same, only as one of the first two words of a clause ("is that true?").
    pub reference_leading: HashSet<String>,
    /// Words that open a follow-up question ("and", "also").
    pub follow_up_openers: HashSet<String>,
    /// Pronouns by which a follow-up points back ("they", "it").
    pub pronouns: HashSet<String>,
    /// Words that start a clause telling the member's situation ("i", "my").
    pub first_person: HashSet<String>,
    /// Apostrophe-less contractions → their words ("dont" → ["do", "not"]).
    pub bare_contractions: HashMap<String, Vec<String>>,
    /// Words that take "'s" as "is" ("what's" → "what is").
    pub is_contractions: HashSet<String>,
    /// Filler phrases removed before matching, longest first, as words.
    pub fillers: Vec<Vec<String>>,
}

#[derive(Deserialize)]
struct Raw {
    stopwords: WordList,
    question_words: WordList,
    discourse: WordList,
    chat: WordList,
    reference: RawReference,
    follow_up: RawFollowUp,
    first_person: WordList,
    contractions: RawContractions,
    fillers: RawFillers,
}

#[derive(Deserialize)]
struct WordList {
    words: Vec<String>,
}

#[derive(Deserialize)]
struct RawReference {
    words: Vec<String>,
    leading: Vec<String>,
}

#[derive(Deserialize)]
struct RawFollowUp {
    openers: Vec<String>,
    pronouns: Vec<String>,
}

#[derive(Deserialize)]
struct RawContractions {
    bare: Vec<(String, String)>,
    is: Vec<String>,
}

#[derive(Deserialize)]
struct RawFillers {
    phrases: Vec<String>,
}

/// The compiled-in lists.
///
/// # Panics
/// Never at run time for a build whose unit tests pass: the data is compiled in and checked by
/// `function_words_parse_and_are_lowercase_words`.
pub fn get() -> &'static FunctionWords {
    static WORDS: OnceLock<FunctionWords> = OnceLock::new();
    WORDS.get_or_init(|| parse(DATA).expect("src/text/function-words.toml is valid"))
}

fn parse(text: &str) -> Result<FunctionWords, toml::de::Error> {
    let raw: Raw = toml::from_str(text)?;
    let set = |list: WordList| list.words.into_iter().collect::<HashSet<String>>();
    let mut fillers: Vec<Vec<String>> = raw
        .fillers
        .phrases
        .iter()
        .map(|p| p.split_whitespace().map(str::to_string).collect())
        .collect();
    // Longest first, so "thanks in advance" goes before "in advance".
    fillers.sort_by_key(|f| std::cmp::Reverse(f.len()));
    Ok(FunctionWords {
        stopwords: set(raw.stopwords),
        question_words: set(raw.question_words),
        discourse: set(raw.discourse),
        chat: set(raw.chat),
        reference: raw.reference.words.into_iter().collect(),
        reference_leading: raw.reference.leading.into_iter().collect(),
        follow_up_openers: raw.follow_up.openers.into_iter().collect(),
        pronouns: raw.follow_up.pronouns.into_iter().collect(),
        first_person: set(raw.first_person),
        bare_contractions: raw
            .contractions
            .bare
            .into_iter()
            .map(|(short, long)| (short, long.split(' ').map(str::to_string).collect()))
            .collect(),
        is_contractions: raw.contractions.is.into_iter().collect(),
        fillers,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn function_words_parse_and_are_lowercase_words() {
        let w = parse(DATA).unwrap();
        let single = |s: &String| {
            !s.is_empty()
                && s.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        };
        for list in [
            &w.stopwords,
            &w.question_words,
            &w.discourse,
            &w.chat,
            &w.reference_leading,
            &w.follow_up_openers,
            &w.pronouns,
            &w.first_person,
        ] {
            assert!(!list.is_empty());
            assert!(list.iter().all(single), "{list:?}");
        }
        assert!(w.bare_contractions.keys().all(single));
        assert!(w.fillers.iter().flatten().all(single));
        assert_eq!(w.bare_contractions["dont"], vec!["do", "not"]);
    }

    #[test]
    fn topic_words_are_not_function_words() {
        let w = get();
        for topic in ["salary", "where", "online", "long", "phlebotomy", "advance"] {
            assert!(!w.stopwords.contains(topic), "{topic}");
            assert!(!w.chat.contains(topic), "{topic}");
        }
    }
}
