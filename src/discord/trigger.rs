//! What part of a message is the question: mentions of the bot, and of its managed role
//! (members often ping the role Discord gives the bot instead of the bot), are removed.

/// The message text without mentions of the bot (`<@id>`, `<@!id>`) or of its managed role
/// (`<@&role>`), trimmed.
pub fn strip_bot_mention(content: &str, bot_id: u64, bot_role: Option<u64>) -> String {
    let mut text = content
        .replace(&format!("<@{bot_id}>"), " ")
        .replace(&format!("<@!{bot_id}>"), " ");
    if let Some(role) = bot_role {
        text = text.replace(&format!("<@&{role}>"), " ");
    }
    text.trim().to_string()
}

/// True when the text mentions the bot (`<@id>` or `<@!id>`).
pub fn mentions_bot(content: &str, bot_id: u64) -> bool {
    content.contains(&format!("<@{bot_id}>")) || content.contains(&format!("<@!{bot_id}>"))
}

/// True when the text mentions the role `role` (`<@&role>`).
pub fn mentions_role(content: &str, role: u64) -> bool {
    content.contains(&format!("<@&{role}>"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_mention_in_the_text_is_recognised() {
        assert!(mentions_bot("hi <@!1000>", 1000));
        assert!(!mentions_bot("hi <@10000>", 1000));
        assert!(mentions_role("hi <@&77>", 77));
        assert!(!mentions_role("hi <@&770>", 77));
    }

    #[test]
    fn both_mention_forms_and_the_role_are_removed() {
        assert_eq!(
            strip_bot_mention("<@1000> what is an mlt?", 1000, None),
            "what is an mlt?"
        );
        assert_eq!(
            strip_bot_mention("hey <@!1000>, pay?", 1000, None),
            "hey  , pay?"
        );
        assert_eq!(strip_bot_mention("<@2000> hi", 1000, None), "<@2000> hi");
        assert_eq!(
            strip_bot_mention("<@&77> mlt pay? <@&78>", 1000, Some(77)),
            "mlt pay? <@&78>"
        );
    }
}
