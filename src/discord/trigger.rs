//! What part of a message is the question: mentions of the bot are removed.

/// The message text without mentions of the bot (`<@id>` and `<@!id>`), trimmed.
pub fn strip_bot_mention(content: &str, bot_id: u64) -> String {
    content
        .replace(&format!("<@{bot_id}>"), " ")
        .replace(&format!("<@!{bot_id}>"), " ")
        .trim()
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

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
