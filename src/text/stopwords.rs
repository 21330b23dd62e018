//! Words that say nothing about which FAQ entry is meant.
//!
//! Kept short on purpose: question words that do carry meaning here ("where", "long", "online")
//! are not stopwords.

/// Words ignored when scoring.
const STOPWORDS: &[&str] = &[
    "a",
    "about",
    "actually",
    "after",
    "again",
    "all",
    "also",
    "am",
    "an",
    "and",
    "any",
    "anybody",
    "anyone",
    "anything",
    "are",
    "as",
    "at",
    "be",
    "been",
    "being",
    "but",
    "by",
    "can",
    "could",
    "currently",
    "did",
    "do",
    "does",
    "doing",
    "even",
    "ever",
    "for",
    "from",
    "get",
    "getting",
    "go",
    "going",
    "got",
    "guys",
    "had",
    "has",
    "have",
    "having",
    "he",
    "hello",
    "her",
    "hey",
    "hi",
    "him",
    "his",
    "honestly",
    "how",
    "i",
    "if",
    "in",
    "into",
    "is",
    "it",
    "its",
    "just",
    "kind",
    "know",
    "like",
    "lol",
    "me",
    "might",
    "mine",
    "more",
    "most",
    "much",
    "my",
    "myself",
    "need",
    "now",
    "of",
    "on",
    "one",
    "or",
    "our",
    "out",
    "please",
    "pls",
    "plz",
    "question",
    "questions",
    "quick",
    "really",
    "she",
    "should",
    "so",
    "some",
    "someone",
    "something",
    "sort",
    "still",
    "sure",
    "tell",
    "than",
    "thank",
    "thanks",
    "that",
    "the",
    "their",
    "them",
    "then",
    "there",
    "these",
    "they",
    "thing",
    "things",
    "think",
    "thinking",
    "this",
    "those",
    "thx",
    "to",
    "too",
    "up",
    "us",
    "very",
    "want",
    "wanted",
    "was",
    "way",
    "we",
    "well",
    "were",
    "what",
    "whats",
    "which",
    "who",
    "will",
    "with",
    "wondering",
    "would",
    "yeah",
    "yes",
    "you",
    "your",
    "yours",
];

/// Sign-offs and fillers removed as whole phrases before matching: "thanks in advance" says nothing
/// about advancing a career. Each is a sequence of normalised words.
pub const FILLER_PHRASES: &[&[&str]] = &[
    &["thank", "you", "in", "advance"],
    &["thanks", "in", "advance"],
    &["in", "advance"],
    &["any", "advice"],
    &["any", "help"],
    &["any", "tips"],
    &["hope", "this", "makes", "sense"],
    &["sorry", "if", "this", "is", "a", "dumb", "question"],
    &["sorry", "for", "the", "long", "post"],
];

/// Removes every filler phrase (longest first) from a list of words.
pub fn strip_fillers(words: Vec<String>) -> Vec<String> {
    let mut out = Vec::with_capacity(words.len());
    let mut i = 0;
    'words: while i < words.len() {
        for phrase in FILLER_PHRASES {
            if words.len() - i >= phrase.len()
                && phrase.iter().zip(&words[i..]).all(|(p, w)| p == w)
            {
                i += phrase.len();
                continue 'words;
            }
        }
        out.push(words[i].clone());
        i += 1;
    }
    out
}

/// True when `word` (lowercase) is a stopword.
pub fn is_stopword(word: &str) -> bool {
    STOPWORDS.binary_search(&word).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn list_is_sorted_for_binary_search() {
        assert!(STOPWORDS.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn thanks_in_advance_is_not_about_advancing() {
        let words: Vec<String> = "how do i advance thanks in advance"
            .split(' ')
            .map(String::from)
            .collect();
        assert_eq!(strip_fillers(words).join(" "), "how do i advance");
    }

    #[test]
    fn topic_words_are_not_stopwords() {
        assert!(is_stopword("what"));
        assert!(!is_stopword("where"));
        assert!(!is_stopword("salary"));
    }
}
