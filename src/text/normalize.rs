//! Turns any input text into lowercase words: unicode-normalised, accents folded, without
//! invisible characters, with contractions expanded and punctuation removed.

use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

/// Longest text [`tokenize`] reads at once, in characters, so the cost of one call stays bounded
/// whatever a member pastes. Questions are split into sentences first, and a longer message is
/// cut in its middle (see [`prepare`]), never at its end, where the question usually is.
pub const MAX_INPUT_CHARS: usize = 4000;

/// Longest message [`prepare`] keeps, in characters: its first [`KEEP_HEAD_CHARS`] and its last
/// characters up to this total.
pub const MAX_MESSAGE_CHARS: usize = 12_000;
/// Characters kept from the start of a message longer than [`MAX_MESSAGE_CHARS`].
pub const KEEP_HEAD_CHARS: usize = 2_000;

/// Readies a whole message for splitting into sentences: chat markup removed (see
/// [`super::markup`]), dotted abbreviations joined ("M.L.T." → "MLT", "B.S" → "BS") so their dots
/// do not end a sentence, "Mt. Sinai" read as "Mount Sinai", and a very long message cut in its
/// middle.
///
/// ```
/// use faqbot::text::normalize::prepare;
/// assert_eq!(prepare("what does a M.T. do"), "what does a MT do");
/// assert_eq!(prepare("labs at Mt. Sinai"), "labs at Mount Sinai");
/// ```
pub fn prepare(text: &str) -> String {
    // A text of at most MAX_MESSAGE_CHARS bytes has at most as many characters.
    let count = if text.len() > MAX_MESSAGE_CHARS {
        text.chars().count()
    } else {
        text.len()
    };
    let cut: String;
    let text = if count > MAX_MESSAGE_CHARS {
        let tail = MAX_MESSAGE_CHARS - KEEP_HEAD_CHARS;
        let head: String = text.chars().take(KEEP_HEAD_CHARS).collect();
        let end: String = text.chars().skip(count - tail).collect();
        cut = format!("{head}\n{end}");
        &cut
    } else {
        text
    };
    join_abbreviations(super::markup::strip(text))
}

/// Joins single letters separated by dots ("M.L.T.", "A.A.S.", "B.S") into one word, and reads
/// "Mt." before a capitalised word as "Mount". Both need a dot: a text without one is returned
/// as it is.
fn join_abbreviations(text: String) -> String {
    if !text.contains('.') {
        return text;
    }
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < chars.len() {
        let starts_word = i == 0 || !chars[i - 1].is_alphanumeric();
        if starts_word && chars[i].is_alphabetic() {
            let (letters, end) = dotted_letters(&chars, i);
            if letters.chars().count() >= 2 {
                out.push_str(&letters);
                i = end;
                continue;
            }
            // "Mt. Sinai": the mountain, not a medical technologist.
            if chars[i] == 'M'
                && chars.get(i + 1) == Some(&'t')
                && chars.get(i + 2) == Some(&'.')
                && chars.get(i + 3).is_some_and(|c| c.is_whitespace())
                && chars.get(i + 4).is_some_and(|c| c.is_uppercase())
            {
                out.push_str("Mount");
                i += 3;
                continue;
            }
        }
        out.push(chars[i]);
        i += 1;
    }
    out
}

/// From `start`, the letters of a run "L.L.L." (each a one-letter word followed by a dot; the
/// last dot may be missing) and the index after the run.
fn dotted_letters(chars: &[char], start: usize) -> (String, usize) {
    let mut letters = String::new();
    let mut j = start;
    while j < chars.len() && chars[j].is_alphabetic() {
        match chars.get(j + 1) {
            Some('.') => {
                letters.push(chars[j]);
                j += 2;
            }
            Some(c) if c.is_alphanumeric() => break,
            _ => {
                // "B.S": a last letter without its dot, only after a dotted one.
                if !letters.is_empty() {
                    letters.push(chars[j]);
                    j += 1;
                }
                break;
            }
        }
    }
    (letters, j)
}

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
    if text.is_ascii() {
        // Most questions: already in NFKD, nothing to fold but case.
        for b in text.bytes().take(MAX_INPUT_CHARS) {
            match b {
                b'`' => cleaned.push('\''),
                b if b.is_ascii_control() => {}
                b => cleaned.push(b.to_ascii_lowercase() as char),
            }
        }
    } else {
        // NFKD splits accented letters into letter + mark ("é" → "e" + U+0301), and the marks
        // are dropped: members type "resume" and "résumé" for the same thing.
        for c in text.chars().take(MAX_INPUT_CHARS).nfkd() {
            if is_invisible(c) || is_combining_mark(c) {
                continue;
            }
            match c {
                '\u{2018}' | '\u{2019}' | '\u{02BC}' | '`' | '\u{00B4}' => cleaned.push('\''),
                c => cleaned.extend(c.to_lowercase()),
            }
        }
    }
    // About one word per five bytes of English: room for most messages without growing.
    let mut words = Vec::with_capacity(cleaned.len() / 5 + 1);
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

/// Pushes `word`, with contractions expanded, onto `out`.
fn expand(word: &str, out: &mut Vec<String>) {
    let words = super::function_words::get();
    if let Some(full) = words.bare_contractions.get(word) {
        out.extend(full.iter().cloned());
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
        (s, "s") if words.is_contractions.contains(s) => out.extend([s.to_string(), "is".into()]),
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
    fn accents_are_folded() {
        assert_eq!(normalize_text("Résumé café NAÏVE"), "resume cafe naive");
        assert_eq!(normalize_text("e\u{301}cole"), "ecole");
    }

    #[test]
    fn dotted_abbreviations_are_one_word() {
        for (given, want) in [
            ("what does a M.T. do", "what does a MT do"),
            ("an M.L.T. degree", "an MLT degree"),
            ("my A.A.S. in MLT", "my AAS in MLT"),
            ("a B.S in biology", "a BS in biology"),
            ("a B.S. in biology", "a BS in biology"),
            ("the u.s. labs", "the us labs"),
        ] {
            assert_eq!(prepare(given), want, "{given:?}");
        }
    }

    #[test]
    fn ordinary_sentences_keep_their_dots() {
        assert_eq!(prepare("I am a tech. Pay?"), "I am a tech. Pay?");
        assert_eq!(prepare("Plan A. Then B."), "Plan A. Then B.");
        assert_eq!(prepare("version 2.0 ok"), "version 2.0 ok");
    }

    #[test]
    fn mount_is_not_a_medical_technologist() {
        assert_eq!(prepare("I work at Mt. Sinai"), "I work at Mount Sinai");
        assert_eq!(prepare("is an Mt. good"), "is an Mt. good");
    }

    #[test]
    fn a_very_long_message_keeps_its_start_and_end() {
        let long = format!("start {} how much do mlts make", "1, ".repeat(10_000));
        let kept = prepare(&long);
        assert!(kept.chars().count() <= MAX_MESSAGE_CHARS + 1);
        assert!(kept.starts_with("start"));
        assert!(kept.ends_with("how much do mlts make"));
    }

    #[test]
    fn very_long_input_is_cut() {
        let long = "word ".repeat(10_000);
        assert!(tokenize(&long).len() <= MAX_INPUT_CHARS / 5 + 1);
    }
}
