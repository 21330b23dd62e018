//! Who may use the moderator commands, buttons and forms: members with Manage Server (or
//! Administrator), or with the role named (or numbered) in `discord.moderator_role`.
//!
//! [`is_moderator`] is the one rule. Slash commands apply it through poise's `check`
//! (`super::commands::moderator`); buttons and forms whose custom id is a moderator's
//! ([`moderator_only_component`]) through `super::commands::interactions`, before any code
//! behind them runs.

use std::time::Duration;

use serenity::all::{Context, GuildId, Member, RoleId};

use super::bot::Bot;
use super::respond::Responder;

/// What a member who is not a moderator is told when they use a moderator command or button.
pub const NOT_A_MODERATOR: &str = "Only moderators (Manage Server) can use this command.";

/// Custom ids of moderator-only buttons and forms start with one of these (the forms and
/// buttons of `/faq edit|add|remove` and of a gap's "add" button included).
pub const MODERATOR_COMPONENT_PREFIXES: &[&str] = &[
    "faq:mod:",
    "faq:edit:",
    "faq:add:",
    "faq:new",
    "faq:remove:",
    "faq:cancel",
    "faq:gap:",
];

/// How long the server roles named like `discord.moderator_role` are remembered.
const ROLES_KEPT: Duration = Duration::from_secs(60);
/// Longest wait for the server's roles.
const LOOKUP_TIMEOUT: Duration = Duration::from_secs(5);

/// True when the component with this custom id is for moderators only.
pub fn moderator_only_component(custom_id: &str) -> bool {
    MODERATOR_COMPONENT_PREFIXES
        .iter()
        .any(|p| custom_id.starts_with(p))
}

/// True when `member` (of the server `guild`) is a moderator. A role given by name is looked up
/// in the gateway's cache of the server, else once a minute from Discord; `defer_first`, when
/// given, is deferred before such a lookup, so the member never sees "This interaction failed".
pub async fn is_moderator(
    bot: &Bot,
    ctx: &Context,
    member: Option<&Member>,
    guild: Option<GuildId>,
    defer_first: Option<&Responder>,
) -> bool {
    let Some(member) = member else {
        return false; // DMs have no server to moderate
    };
    if member
        .permissions
        .is_some_and(|p| p.manage_guild() || p.administrator())
    {
        return true;
    }
    let wanted = bot.discord.moderator_role.trim();
    if wanted.is_empty() {
        return false;
    }
    if let Ok(id) = wanted.parse::<u64>() {
        return id != 0 && member.roles.contains(&RoleId::new(id));
    }
    let Some(guild) = guild else {
        return false;
    };
    let named = match roles_named(bot, ctx, guild, wanted) {
        Some(roles) => roles,
        None => {
            if let Some(responder) = defer_first {
                if let Err(e) = responder.defer(true).await {
                    tracing::warn!("could not defer before looking up the server's roles: {e}");
                }
            }
            match tokio::time::timeout(LOOKUP_TIMEOUT, guild.roles(&ctx.http)).await {
                Ok(Ok(roles)) => {
                    let named: Vec<RoleId> = roles
                        .values()
                        .filter(|r| r.name.eq_ignore_ascii_case(wanted))
                        .map(|r| r.id)
                        .collect();
                    bot.places.remember_moderator_roles(guild, named.clone());
                    named
                }
                Ok(Err(e)) => {
                    tracing::warn!("cannot read the server's roles to check for moderators: {e}");
                    return false;
                }
                Err(_) => {
                    tracing::warn!("the server's roles did not come within {LOOKUP_TIMEOUT:?}; not a moderator");
                    return false;
                }
            }
        }
    };
    member.roles.iter().any(|r| named.contains(r))
}

/// The roles of `guild` named `wanted`, from the gateway's cache or a recent lookup.
fn roles_named(bot: &Bot, ctx: &Context, guild: GuildId, wanted: &str) -> Option<Vec<RoleId>> {
    if let Some(g) = ctx.cache.guild(guild) {
        return Some(
            g.roles
                .values()
                .filter(|r| r.name.eq_ignore_ascii_case(wanted))
                .map(|r| r.id)
                .collect(),
        );
    }
    bot.places.moderator_roles(guild, ROLES_KEPT)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn moderator_buttons_and_forms_are_known_by_their_custom_id() {
        assert!(moderator_only_component("faq:mod:reload"));
        assert!(moderator_only_component("faq:remove:mlt-salary:0123"));
        assert!(moderator_only_component("faq:new"));
        assert!(!moderator_only_component("faq:show:mlt-salary"));
        assert!(!moderator_only_component("faq:vote:up:mlt-salary"));
    }
}
