//! Slash commands: their definitions (registered with Discord) and their dispatch.
//!
//! One module per command group, as in poise bots: [`ask`], [`compare`] (`/compare`, `/roles`),
//! [`faq`] (`/faq topics|show|reload|debug`) and [`help`].

pub mod ask;
pub mod compare;
pub mod faq;
pub mod faq_edit;
mod faq_forms;
pub mod faq_insights;
pub mod help;

use serenity::all::{CommandInteraction, ComponentInteraction, Context, CreateCommand};

use super::checks;
use super::handler::Bot;
use super::render::{self, Outgoing};
use crate::corpus::Corpus;

/// Every command, as registered with Discord (role choices come from the corpus).
pub fn definitions(corpus: &Corpus) -> Vec<CreateCommand> {
    vec![
        ask::definition(),
        compare::definition(corpus),
        compare::roles_definition(),
        faq_definition(),
        help::definition(),
    ]
}

/// `/faq` with the moderators' edit, gaps and stats subcommands added.
fn faq_definition() -> CreateCommand {
    faq_edit::subcommands()
        .into_iter()
        .chain(faq_insights::subcommands())
        .fold(
            faq::definition().description(
                "Browse the FAQ; moderators: edit, reload, debug it, see gaps and stats",
            ),
            CreateCommand::add_option,
        )
}

/// Runs a slash command.
pub async fn run(bot: &Bot, ctx: &Context, cmd: &CommandInteraction) {
    // Checked here for every moderator command, whatever Discord's command permissions say
    // and whatever the command's own code checks: an interaction can be forged.
    if checks::moderator_only_command(&cmd.data.name, subcommand(cmd).as_deref())
        && !checks::is_moderator(ctx, cmd, &bot.discord.moderator_role).await
    {
        tracing::info!(
            user = cmd.user.id.get(),
            command = %cmd.data.name,
            "a moderator command was refused to a member who is not a moderator"
        );
        return respond(bot, ctx, cmd, Outgoing::notice(checks::NOT_A_MODERATOR)).await;
    }
    let sub = cmd
        .data
        .options
        .first()
        .map(|o| o.name.as_str())
        .unwrap_or("");
    if cmd.data.name == "faq" && faq_edit::handles(sub) {
        return faq_edit::run(bot, ctx, cmd, sub).await;
    }
    if cmd.data.name == "faq" && faq_insights::handles(sub) {
        return faq_insights::run(bot, ctx, cmd, sub).await;
    }
    let out = match cmd.data.name.as_str() {
        "ask" => ask::run(bot, cmd),
        "compare" => compare::run(bot, cmd),
        "roles" => compare::roles(bot),
        "faq" => faq::run(bot, ctx, cmd).await,
        "help" => help::run(),
        other => Outgoing::notice(&format!("Unknown command `/{other}`.")),
    };
    respond(bot, ctx, cmd, out).await;
}

/// The name of the subcommand invoked, if any.
fn subcommand(cmd: &CommandInteraction) -> Option<String> {
    cmd.data.options.first().and_then(|o| {
        matches!(
            o.value,
            serenity::all::CommandDataOptionValue::SubCommand(_)
                | serenity::all::CommandDataOptionValue::SubCommandGroup(_)
        )
        .then(|| o.name.clone())
    })
}

/// Answers an autocomplete request.
pub async fn autocomplete(bot: &Bot, ctx: &Context, cmd: &CommandInteraction) {
    let Some(focused) = cmd.data.autocomplete() else {
        return;
    };
    let choices = match (cmd.data.name.as_str(), focused.name) {
        ("ask", "question") => ask::suggest(&bot.state.index(), focused.value),
        ("faq", "id") => faq::suggest_ids(&bot.state.index(), focused.value),
        ("faq", "topic") => faq_edit::suggest_topics(bot, focused.value),
        _ => vec![],
    };
    let response = serenity::all::CreateInteractionResponse::Autocomplete(
        serenity::all::CreateAutocompleteResponse::new().set_choices(choices),
    );
    if let Err(e) = bot
        .replies
        .interaction(&ctx.http, cmd.id, &cmd.token, &response)
        .await
    {
        tracing::warn!("an autocomplete response was not delivered: {e}");
    }
}

/// Handles a button click: a "did you mean" pick, a related entry, a vote, or a moderator's
/// button.
pub async fn component(bot: &Bot, ctx: &Context, click: &ComponentInteraction) {
    let id = &click.data.custom_id;
    // A moderator's button clicked by anyone else (or forged) is refused here, before any code
    // behind it runs.
    if checks::moderator_only_component(id)
        && !checks::is_moderator_member(
            ctx,
            click.member.as_ref(),
            click.guild_id,
            &bot.discord.moderator_role,
        )
        .await
    {
        tracing::info!(custom_id = %id, user = click.user.id.get(), "a moderator's button was refused to a member who is not a moderator");
        let refused = Outgoing::notice(checks::NOT_A_MODERATOR).into_response();
        return send_component(bot, ctx, click, refused).await;
    }
    if crate::discord::feedback::is_vote(id) {
        return crate::discord::feedback::vote(bot, ctx, click).await;
    }
    if faq_edit::handles_component(id) {
        return faq_edit::component(bot, ctx, click).await;
    }
    let index = bot.state.index();
    let refuse = |text: &str| Outgoing::notice(text).into_response();
    let (entry_id, update) = if let Some(rest) = id.strip_prefix(render::PICK_PREFIX) {
        (rest, true)
    } else if let Some(rest) = id.strip_prefix(render::SHOW_PREFIX) {
        (rest, false)
    } else {
        // A moderator button clicked by someone else, a forged or outdated custom id: say so
        // rather than leave the member with "This interaction failed".
        let moderator_only = checks::moderator_only_component(id);
        tracing::info!(custom_id = %id, user = click.user.id.get(), moderator_only, "a click on a button the bot does not offer to this member was refused");
        let text = if moderator_only {
            checks::NOT_A_MODERATOR
        } else {
            "This button is no longer available. Try `/ask` again."
        };
        return send_component(bot, ctx, click, refuse(text)).await;
    };
    let response = match faq::answer_for(&index, entry_id) {
        Some(answer) => {
            crate::discord::feedback::record_given(bot, &answer.id);
            let out = render::answer(&answer);
            if update {
                out.into_update()
            } else {
                Outgoing {
                    ephemeral: true,
                    ..out
                }
                .into_response()
            }
        }
        None => Outgoing::notice(
            "That FAQ entry no longer exists (the FAQ was edited). Try `/ask` again.",
        )
        .into_response(),
    };
    send_component(bot, ctx, click, response).await;
}

/// Answers a button click, with retries; logs once if it is lost.
async fn send_component(
    bot: &Bot,
    ctx: &Context,
    click: &ComponentInteraction,
    response: serenity::all::CreateInteractionResponse,
) {
    if let Err(e) = bot
        .replies
        .interaction(&ctx.http, click.id, &click.token, &response)
        .await
    {
        tracing::warn!(custom_id = %click.data.custom_id, "a button response was not delivered: {e}");
    }
}

/// Sends a command's reply, with retries; logs once if it is lost.
async fn respond(bot: &Bot, ctx: &Context, cmd: &CommandInteraction, out: Outgoing) {
    if let Err(e) = bot
        .replies
        .interaction(&ctx.http, cmd.id, &cmd.token, &out.into_response())
        .await
    {
        tracing::warn!(command = %cmd.data.name, "a command response was not delivered: {e}");
    }
}

/// The string value of option `name` among `options`.
pub(crate) fn string_option<'a>(
    options: &'a [serenity::all::ResolvedOption<'a>],
    name: &str,
) -> Option<&'a str> {
    options.iter().find_map(|o| match o.value {
        serenity::all::ResolvedValue::String(s) if o.name == name => Some(s),
        _ => None,
    })
}
