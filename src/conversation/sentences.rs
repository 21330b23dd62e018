//! The asking sentences of a message: the pieces of text that end with a question mark.
//!
//! "I'm a senior. How long is the MLT program? How much do MLTs make? Thanks!" asks two
//! questions: "I'm a senior. How long is the MLT program?" (the story before the first question
//! stays with it, as its context) and "How much do MLTs make? Thanks!" (what follows the last
//! question goes with it). Only question marks split: a full stop also ends "M.L.T." and
//! "$57.5k", and a message without any question mark is one question however it is punctuated.

/// The asking sentences of `text`, in order, each with its question marks; empty when the text
/// has none. A question mark inside a word or a link ("what?!", "example.com/?q=1") does not
/// end a sentence unless whitespace or the end of the text follows it.
pub fn asking_sentences(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut start = 0;
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut i = 0;
    while i < chars.len() {
        if chars[i].1 == '?' {
            // Take the whole run of "?!" and stop only where whitespace or the end follows.
            let mut j = i;
            while j + 1 < chars.len() && matches!(chars[j + 1].1, '?' | '!' | '？') {
                j += 1;
            }
            let end = chars.get(j + 1).map_or(text.len(), |c| c.0);
            let at_boundary = chars.get(j + 1).is_none_or(|c| c.1.is_whitespace());
            if at_boundary {
                let piece = text[start..end].trim();
                if has_words(piece) {
                    out.push(piece.to_string());
                    start = end;
                }
            }
            i = j + 1;
        } else {
            i += 1;
        }
    }
    let rest = text[start..].trim();
    // What follows the last question goes with it ("...make? In Texas.").
    if let (true, Some(last)) = (has_words(rest), out.last_mut()) {
        last.push(' ');
        last.push_str(rest);
    }
    out
}

/// True when `s` has a letter or digit.
fn has_words(s: &str) -> bool {
    s.chars().any(char::is_alphanumeric)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn two_questions_are_two_sentences() {
        assert_eq!(
            asking_sentences("How long is the MLT program? How much do MLTs make?"),
            ["How long is the MLT program?", "How much do MLTs make?"]
        );
    }

    #[test]
    fn the_story_stays_with_the_first_question_and_the_tail_with_the_last() {
        assert_eq!(
            asking_sentences("I'm a senior. What is an MLT?? How much do they make?! thanks"),
            [
                "I'm a senior. What is an MLT??",
                "How much do they make?! thanks"
            ]
        );
    }

    #[test]
    fn full_stops_and_links_do_not_split() {
        assert_eq!(
            asking_sentences("is the M.L.T. route ok? see example.com/?q=1 first"),
            ["is the M.L.T. route ok? see example.com/?q=1 first"]
        );
        assert!(asking_sentences("mlt salary. thanks").is_empty());
        assert_eq!(asking_sentences("??? mlt salary?"), ["??? mlt salary?"]);
    }
}
