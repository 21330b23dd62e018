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
    respond(ctx, cmd, out).await;
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
    if let Err(e) = cmd.create_response(&ctx.http, response).await {
        tracing::warn!("autocomplete response failed: {e}");
    }
}

/// Handles a button click: a "did you mean" pick, a related entry, a vote, or a moderator's
/// button.
pub async fn component(bot: &Bot, ctx: &Context, click: &ComponentInteraction) {
    let id = &click.data.custom_id;
    if crate::discord::feedback::is_vote(id) {
        return crate::discord::feedback::vote(bot, ctx, click).await;
    }
    if faq_edit::handles_component(id) {
        return faq_edit::component(bot, ctx, click).await;
    }
    let index = bot.state.index();
    let (entry_id, update) = if let Some(rest) = id.strip_prefix(render::PICK_PREFIX) {
        (rest, true)
    } else if let Some(rest) = id.strip_prefix(render::SHOW_PREFIX) {
        (rest, false)
    } else {
        tracing::debug!(custom_id = %id, "click on an unknown button");
        return;
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
    if let Err(e) = click.create_response(&ctx.http, response).await {
        tracing::warn!("button response failed: {e}");
    }
}

/// Sends a command's reply, logging (not panicking) if Discord refuses it.
async fn respond(ctx: &Context, cmd: &CommandInteraction, out: Outgoing) {
    if let Err(e) = cmd.create_response(&ctx.http, out.into_response()).await {
        tracing::warn!(command = %cmd.data.name, "response failed: {e}");
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
