//! The link a server owner opens to add the bot, with exactly the scopes and permissions it uses.

use serenity::all::{ApplicationId, Permissions};

/// Permissions the bot needs: see channels, send messages (also in threads and forum posts),
/// embed links, read history (to reply).
pub fn required_permissions() -> Permissions {
    Permissions::VIEW_CHANNEL
        | Permissions::SEND_MESSAGES
        | Permissions::SEND_MESSAGES_IN_THREADS
        | Permissions::EMBED_LINKS
        | Permissions::READ_MESSAGE_HISTORY
}

/// The OAuth2 invite URL with the `bot` and `applications.commands` scopes.
pub fn invite_url(application_id: ApplicationId) -> String {
    format!(
        "https://discord.com/oauth2/authorize?client_id={}&scope=bot%20applications.commands&permissions={}",
        application_id.get(),
        required_permissions().bits()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invite_names_both_scopes_and_the_five_permissions() {
        let url = invite_url(ApplicationId::new(42));
        assert!(url.contains("client_id=42"));
        assert!(url.contains("scope=bot%20applications.commands"));
        // 1024 + 2048 + 16384 + 65536 + (1 << 38)
        assert!(url.ends_with("permissions=274877991936"), "{url}");
    }
}
