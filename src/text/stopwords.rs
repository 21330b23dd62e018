//! Words that say nothing about which FAQ entry is meant, and filler phrases: lookups over the
//! lists of `function-words.toml` (see [`super::function_words`]).

/// Removes every filler phrase (longest first) from a list of words.
pub fn strip_fillers(mut words: Vec<String>) -> Vec<String> {
    let fillers = &super::function_words::get().fillers;
    let starts_filler = |w: &String| fillers.iter().any(|phrase| phrase[0] == *w);
    // Most messages hold no filler: they are kept as they are.
    if !words.iter().any(starts_filler) {
        return words;
    }
    let mut out = Vec::with_capacity(words.len());
    let mut i = 0;
    'words: while i < words.len() {
        for phrase in fillers.iter().filter(|p| p[0] == words[i]) {
            if words.len() - i >= phrase.len()
                && phrase.iter().zip(&words[i..]).all(|(p, w)| p == w)
            {
                i += phrase.len();
                continue 'words;
            }
        }
        out.push(std::mem::take(&mut words[i]));
        i += 1;
    }
    out
}

/// True when `word` (lowercase) is a stopword.
pub fn is_stopword(word: &str) -> bool {
    super::function_words::get().stopwords.contains(word)
}

#[cfg(test)]
mod tests {
    use super::*;

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
