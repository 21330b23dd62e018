//! The record of every FAQ change made from Discord: who, when, which entry, before and after,
//! in the log (target `faqbot::audit`) and, when `discord.audit_channel` is set, as a message
//! there. The message names the moderator with a mention that pings no one.

use serenity::all::{ChannelId, CreateEmbed, CreateMessage, Http, Timestamp, User};

use super::bot::Bot;
use super::render::no_mentions;
use crate::faq_edit::Applied;
use crate::limits::truncate;

/// Room for each of the before/after texts, so both fit Discord's 6,000 characters per message.
const SNIPPET_CHARS: usize = 2_700;

/// Logs the change and posts it to `discord.audit_channel` (0 = nowhere), with retries. A failed
/// post is logged.
pub async fn announce(bot: &Bot, http: &Http, who: &User, applied: &Applied) {
    let audit_channel = bot.discord.audit_channel;
    let id = applied.change.id();
    let verb = applied.change.verb();
    tracing::info!(
        target: "faqbot::audit",
        moderator = %who.name,
        moderator_id = who.id.get(),
        action = verb,
        entry = id,
        file = %applied.file.display(),
        before = applied.before.as_deref().unwrap_or("(none)"),
        after = applied.after.as_deref().unwrap_or("(none)"),
        dropped_checks = ?applied.dropped_checks,
        "FAQ changed from Discord"
    );
    if audit_channel == 0 {
        return;
    }
    let now = Timestamp::now();
    let mut content = format!(
        "FAQ entry `{id}` {verb} by <@{}> ({}) in `{}`, <t:{}:f>.",
        who.id.get(),
        who.name,
        applied.file.display(),
        now.unix_timestamp()
    );
    if !applied.dropped_checks.is_empty() {
        content.push_str("\nChecks removed with it:");
        for line in &applied.dropped_checks {
            content.push_str(&format!("\n- `{}`", truncate(line, 200)));
        }
    }
    let block = |title: &str, text: &Option<String>, colour: u32| {
        CreateEmbed::new()
            .title(title)
            .description(match text {
                Some(t) => format!("```toml\n{}\n```", truncate(t.trim_end(), SNIPPET_CHARS)),
                None => "(none)".to_string(),
            })
            .colour(colour)
            .timestamp(now)
    };
    let message = CreateMessage::new()
        .content(truncate(&content, crate::limits::MESSAGE_CONTENT))
        .embeds(vec![
            block("Before", &applied.before, 0x9E9E9E),
            block("After", &applied.after, 0x2E86AB),
        ])
        .allowed_mentions(no_mentions());
    // The nonce makes a retried post idempotent: one per change (moderator, entry, time).
    let nonce = format!("a{}{}", now.unix_timestamp(), who.id.get() % 1_000_000);
    if let Err(e) = bot
        .replies
        .post(http, ChannelId::new(audit_channel), nonce, message)
        .await
    {
        tracing::warn!(
            channel = audit_channel,
            "could not post the FAQ change to the audit channel: {e}"
        );
    }
}
