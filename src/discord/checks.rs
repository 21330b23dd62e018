//! Who may use the moderator commands: members with Manage Server (or Administrator), or with
//! the role named (or numbered) in `discord.moderator_role`.

use serenity::all::{CommandInteraction, Context, GuildId, Member, RoleId};

/// What a member who is not a moderator is told when they use a moderator command or button.
pub const NOT_A_MODERATOR: &str = "Only moderators (Manage Server) can use this command.";

/// The moderator commands, as (command, subcommand): refused to everyone else, however the
/// interaction reached the bot. Add new moderator subcommands here.
pub const MODERATOR_COMMANDS: &[(&str, &str)] = &[
    ("faq", "reload"),
    ("faq", "debug"),
    ("faq", "edit"),
    ("faq", "add"),
    ("faq", "remove"),
    ("faq", "gaps"),
    ("faq", "stats"),
];

/// Custom ids of moderator-only buttons, menus and forms start with one of these (the forms and
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

/// True when `command` (with `subcommand`, if any) is for moderators only.
pub fn moderator_only_command(command: &str, subcommand: Option<&str>) -> bool {
    MODERATOR_COMMANDS
        .iter()
        .any(|(c, s)| *c == command && Some(*s) == subcommand)
}

/// True when the component with this custom id is for moderators only.
pub fn moderator_only_component(custom_id: &str) -> bool {
    MODERATOR_COMPONENT_PREFIXES
        .iter()
        .any(|p| custom_id.starts_with(p))
}

/// True when the member who ran the command is a moderator. Always checked when the command
/// runs, whatever Discord's command permissions say.
pub async fn is_moderator(ctx: &Context, cmd: &CommandInteraction, moderator_role: &str) -> bool {
    is_moderator_member(ctx, cmd.member.as_deref(), cmd.guild_id, moderator_role).await
}

/// The same check for any interaction (a modal submit or a button click is checked again: its
/// custom id may be forged).
pub async fn is_moderator_member(
    ctx: &Context,
    member: Option<&Member>,
    guild_id: Option<GuildId>,
    moderator_role: &str,
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
    let wanted = moderator_role.trim();
    if wanted.is_empty() {
        return false;
    }
    if let Ok(id) = wanted.parse::<u64>() {
        return id != 0 && member.roles.contains(&RoleId::new(id));
    }
    let Some(guild_id) = guild_id else {
        return false;
    };
    match guild_id.roles(&ctx.http).await {
        Ok(roles) => member.roles.iter().any(|r| {
            roles
                .get(r)
                .is_some_and(|role| role.name.eq_ignore_ascii_case(wanted))
        }),
        Err(e) => {
            tracing::warn!("cannot read the server's roles to check for moderators: {e}");
            false
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reload_and_debug_are_moderator_commands_and_the_rest_are_not() {
        assert!(moderator_only_command("faq", Some("reload")));
        assert!(moderator_only_command("faq", Some("debug")));
        assert!(!moderator_only_command("faq", Some("topics")));
        assert!(!moderator_only_command("faq", None));
        assert!(!moderator_only_command("ask", None));
        assert!(moderator_only_component("faq:mod:reload"));
        assert!(!moderator_only_component("faq:show:mlt-salary"));
    }
}
