//! Discord's text limits, and cutting text to fit them without splitting a character.

/// Maximum length of a message's `content`.
pub const MESSAGE_CONTENT: usize = 2000;
/// Maximum length of an embed title.
pub const EMBED_TITLE: usize = 256;
/// Maximum length of an embed description.
pub const EMBED_DESCRIPTION: usize = 4096;
/// Maximum length of an embed field name.
pub const EMBED_FIELD_NAME: usize = 256;
/// Maximum length of an embed field value.
pub const EMBED_FIELD_VALUE: usize = 1024;
/// Maximum number of fields in one embed.
pub const EMBED_FIELDS: usize = 25;
/// Maximum length of an embed footer.
pub const EMBED_FOOTER: usize = 2048;
/// Maximum total of all text in one embed.
pub const EMBED_TOTAL: usize = 6000;
/// Maximum number of autocomplete choices.
pub const AUTOCOMPLETE_CHOICES: usize = 25;
/// Maximum length of an autocomplete or command-option choice name (and of a string value).
pub const CHOICE_NAME: usize = 100;
/// Maximum length of a button label.
pub const BUTTON_LABEL: usize = 80;
/// Maximum length of a component custom id.
pub const CUSTOM_ID: usize = 100;
/// The length the FAQ style guide asks answers to stay under (a warning, not an error).
pub const ANSWER_SOFT: usize = 1000;

/// Number of characters (Unicode scalar values), the unit Discord counts in.
pub fn char_len(s: &str) -> usize {
    s.chars().count()
}

/// Cuts `s` to at most `max` characters, ending with `…` when something was cut.
///
/// Cuts on a character boundary, never inside a UTF-8 sequence.
pub fn truncate(s: &str, max: usize) -> String {
    if char_len(s) <= max {
        return s.to_string();
    }
    if max == 0 {
        return String::new();
    }
    let mut out: String = s.chars().take(max - 1).collect();
    out.push('…');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn truncate_keeps_short_text() {
        assert_eq!(truncate("abc", 3), "abc");
    }

    #[test]
    fn truncate_counts_characters_not_bytes() {
        let s = "é".repeat(10);
        let cut = truncate(&s, 5);
        assert_eq!(char_len(&cut), 5);
        assert!(cut.ends_with('…'));
    }

    #[test]
    fn truncate_to_zero_is_empty() {
        assert_eq!(truncate("abc", 0), "");
    }
}
