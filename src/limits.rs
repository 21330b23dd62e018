//! Discord's text limits, and cutting text to fit them without splitting a character.

use crate::corpus::{Limit, TextLimits};

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

/// The longest text each FAQ field may have so that it fits where the bot shows it on Discord:
/// the question is an embed's title, the answer a message, the source an embed's footer, a topic
/// title or role name an embed field's name, a role attribute an embed field's value. The FAQ
/// loader ([`crate::faq::load`]) holds the files to these.
pub const FAQ_TEXT: TextLimits = TextLimits {
    question: Limit {
        max: EMBED_TITLE,
        shown_in: "a Discord embed title",
    },
    alternate: Limit {
        max: EMBED_TITLE,
        shown_in: "a Discord embed title",
    },
    answer: Limit {
        max: MESSAGE_CONTENT,
        shown_in: "a Discord message",
    },
    answer_soft: ANSWER_SOFT,
    source: Limit {
        max: EMBED_FOOTER,
        shown_in: "a Discord embed footer",
    },
    topic_title: Limit {
        max: EMBED_FIELD_NAME,
        shown_in: "a Discord embed field name",
    },
    role_name: Limit {
        max: EMBED_FIELD_NAME,
        shown_in: "a Discord embed field name",
    },
    role_attribute: Limit {
        max: EMBED_FIELD_VALUE,
        shown_in: "a Discord embed field",
    },
};

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
