//! What part of a message is the question: mentions of the bot are removed.

/// The message text without mentions of the bot (`<@id>` and `<@!id>`), trimmed.
pub fn strip_bot_mention(content: &str, bot_id: u64) -> String {
    content
        .replace(&format!("<@{bot_id}>"), " ")
        .replace(&format!("<@!{bot_id}>"), " ")
        .trim()
        .to_string()
}

/// True when the text mentions the bot (`<@id>` or `<@!id>`).
pub fn mentions_bot(content: &str, bot_id: u64) -> bool {
    content.contains(&format!("<@{bot_id}>")) || content.contains(&format!("<@!{bot_id}>"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_mention_in_the_text_is_recognised() {
        assert!(mentions_bot("hi <@!1000>", 1000));
        assert!(!mentions_bot("hi <@10000>", 1000));
    }

    #[test]
    fn both_mention_forms_are_removed() {
        assert_eq!(
            strip_bot_mention("<@1000> what is an mlt?", 1000),
            "what is an mlt?"
        );
        assert_eq!(strip_bot_mention("hey <@!1000>, pay?", 1000), "hey  , pay?");
        assert_eq!(strip_bot_mention("<@2000> hi", 1000), "<@2000> hi");
    }
}
