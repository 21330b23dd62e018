//! Who may use the moderator commands: members with Manage Server (or Administrator), or with
//! the role named (or numbered) in `discord.moderator_role`.

use serenity::all::{CommandInteraction, Context, GuildId, Member, RoleId};

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
