//! Turns any input text into lowercase words: unicode-normalised, without invisible characters,
//! with contractions expanded and punctuation removed.

use unicode_normalization::UnicodeNormalization;

/// Longest input considered, in characters. Longer messages are cut, so the cost of one question
/// stays bounded whatever a member pastes.
pub const MAX_INPUT_CHARS: usize = 4000;

/// Normalises `text` into space-separated lowercase words.
///
/// ```
/// use faqbot::text::normalize::normalize_text;
/// assert_eq!(normalize_text("What’s an MLT??"), "what is an mlt");
/// assert_eq!(normalize_text("Ｃｅｒｔ\u{200B}ification"), "certification");
/// ```
pub fn normalize_text(text: &str) -> String {
    tokenize(text).join(" ")
}

/// Normalises `text` and splits it into words.
pub fn tokenize(text: &str) -> Vec<String> {
    let mut cleaned = String::with_capacity(text.len().min(MAX_INPUT_CHARS * 4));
    for c in text.chars().take(MAX_INPUT_CHARS).nfkc() {
        if is_invisible(c) {
            continue;
        }
        match c {
            '\u{2018}' | '\u{2019}' | '\u{02BC}' | '`' | '\u{00B4}' => cleaned.push('\''),
            c => cleaned.extend(c.to_lowercase()),
        }
    }
    let mut words = Vec::new();
    for raw in cleaned.split(|c: char| !(c.is_alphanumeric() || c == '\'')) {
        let word = raw.trim_matches('\'');
        if word.is_empty() {
            continue;
        }
        expand(word, &mut words);
    }
    words
}

/// Zero-width, bidi and other format characters that change nothing a reader sees.
fn is_invisible(c: char) -> bool {
    matches!(c,
        '\u{00AD}' | '\u{034F}' | '\u{061C}' | '\u{115F}' | '\u{1160}' | '\u{17B4}' | '\u{17B5}'
        | '\u{180B}'..='\u{180F}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}'
        | '\u{2060}'..='\u{206F}' | '\u{FE00}'..='\u{FE0F}' | '\u{FEFF}' | '\u{FFF9}'..='\u{FFFB}'
        | '\u{E0000}'..='\u{E007F}')
        || c.is_control()
}

/// Contractions written without the apostrophe, as chat often does.
const BARE_CONTRACTIONS: &[(&str, &str)] = &[
    ("whats", "what is"),
    ("thats", "that is"),
    ("hows", "how is"),
    ("wheres", "where is"),
    ("dont", "do not"),
    ("doesnt", "does not"),
    ("didnt", "did not"),
    ("isnt", "is not"),
    ("arent", "are not"),
    ("cant", "can not"),
    ("wont", "will not"),
    ("im", "i am"),
    ("ive", "i have"),
    ("idk", "i do not know"),
];

/// Words that take "'s" as "is" rather than as a possessive.
const IS_CONTRACTIONS: &[&str] = &[
    "what", "that", "it", "he", "she", "there", "here", "who", "where", "how", "when", "why",
];

/// Pushes `word`, with contractions expanded, onto `out`.
fn expand(word: &str, out: &mut Vec<String>) {
    if let Some((_, full)) = BARE_CONTRACTIONS.iter().find(|(w, _)| *w == word) {
        out.extend(full.split(' ').map(str::to_string));
        return;
    }
    let Some(pos) = word.find('\'') else {
        out.push(word.to_string());
        return;
    };
    let (stem, tail) = word.split_at(pos);
    let tail = &tail[1..];
    match (stem, tail) {
        ("can", "t") => out.extend(["can", "not"].map(String::from)),
        ("won", "t") => out.extend(["will", "not"].map(String::from)),
        (s, "t") if s.ends_with('n') => {
            out.push(s[..s.len() - 1].to_string());
            out.push("not".into());
        }
        (s, "s") if IS_CONTRACTIONS.contains(&s) => out.extend([s.to_string(), "is".into()]),
        (s, "s") => out.push(s.to_string()),
        (s, "re") => out.extend([s.to_string(), "are".into()]),
        (s, "m") => out.extend([s.to_string(), "am".into()]),
        (s, "ll") => out.extend([s.to_string(), "will".into()]),
        (s, "ve") => out.extend([s.to_string(), "have".into()]),
        (s, "d") => out.extend([s.to_string(), "would".into()]),
        // Anything else ("rock'n'roll", "o'clock"): drop the apostrophes, split the parts.
        _ => out.extend(
            word.split('\'')
                .filter(|p| !p.is_empty())
                .map(str::to_string),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contractions_expand() {
        assert_eq!(
            normalize_text("What's the pay? I'm new"),
            "what is the pay i am new"
        );
        assert_eq!(
            normalize_text("can't won't doesn't"),
            "can not will not does not"
        );
        assert_eq!(normalize_text("whats up"), "what is up");
    }

    #[test]
    fn possessive_s_is_dropped() {
        assert_eq!(normalize_text("a bachelor’s degree"), "a bachelor degree");
    }

    #[test]
    fn invisible_and_bidi_characters_vanish() {
        assert_eq!(normalize_text("ml\u{200B}t \u{202E}pay\u{202C}"), "mlt pay");
    }

    #[test]
    fn punctuation_and_emoji_split_words() {
        assert_eq!(normalize_text("wat degree 4 mlt??🧪"), "wat degree 4 mlt");
        assert_eq!(normalize_text("   "), "");
    }

    #[test]
    fn fullwidth_letters_fold_to_ascii() {
        assert_eq!(normalize_text("ＭＬＴ"), "mlt");
    }

    #[test]
    fn very_long_input_is_cut() {
        let long = "word ".repeat(10_000);
        assert!(tokenize(&long).len() <= MAX_INPUT_CHARS / 5 + 1);
    }
}
