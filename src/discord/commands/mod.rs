//! Slash commands, on poise: each command is one annotated function, and [`all`] lists them.
//! Registration, dispatch, autocomplete and the moderator [`check`](moderator) all come from
//! that list.
//!
//! To add a command: write its function in the module of its group (e.g. `faq.rs`), with
//! `#[poise::command(slash_command)]` (and `check = "moderator"` if it is for moderators), answer
//! with [`reply`], and add one line to [`all`] (or, for a `/faq` subcommand, to the
//! `subcommands(...)` of [`faq::faq`]). `/help` lists it by itself.
//!
//! Groups: [`ask`], [`compare`] (`/compare`, `/roles`), [`faq`] (`/faq topics|show|reload|debug`),
//! [`faq_edit`] (`/faq edit|add|remove` and their forms), [`faq_insights`] (`/faq gaps|stats`),
//! [`help`]. Buttons and forms are routed by [`interactions`].

pub mod ask;
pub mod compare;
pub mod faq;
pub mod faq_edit;
mod faq_forms;
pub mod faq_insights;
pub mod help;
pub mod interactions;

use std::sync::Arc;

use poise::serenity_prelude as serenity;
use serenity::CreateCommand;

use super::bot::Bot;
use super::checks;
use super::deliver::DeliveryError;
use super::render::{no_mentions, Outgoing};
use super::respond::{Responder, ResponseState};

/// What a command can fail with (the member has then already been told, or cannot be).
#[derive(Debug, thiserror::Error)]
pub enum CommandError {
    /// A response could not be delivered.
    #[error("a response was not delivered: {0}")]
    Delivery(#[from] DeliveryError),
}

/// A command's context: the interaction, the serenity context and the [`Bot`].
pub type Context<'a> = poise::Context<'a, Bot, CommandError>;
/// A poise command of this bot.
pub type Command = poise::Command<Bot, CommandError>;

/// Every slash command, in the order they are registered and shown.
pub fn all() -> Vec<Command> {
    vec![
        ask::ask(),
        compare::compare(),
        compare::roles(),
        faq::faq(),
        help::help(),
    ]
}

/// The framework's options: the commands, the error handler, no mentions.
pub fn framework() -> poise::FrameworkOptions<Bot, CommandError> {
    poise::FrameworkOptions {
        commands: all(),
        on_error: |error| Box::pin(on_error(error)),
        allowed_mentions: Some(no_mentions()),
        ..Default::default()
    }
}

/// The definitions registered with Discord.
pub fn definitions(framework: &poise::FrameworkOptions<Bot, CommandError>) -> Vec<CreateCommand> {
    poise::builtins::create_application_commands(&framework.commands)
}

/// The [`Responder`] of the interaction being handled (shared with the check that ran first).
pub async fn responder(ctx: Context<'_>) -> Responder {
    let state = ctx
        .invocation_data::<Arc<ResponseState>>()
        .await
        .map(|s| s.clone())
        .unwrap_or_default();
    let (id, token) = match ctx {
        poise::Context::Application(app) => (app.interaction.id, app.interaction.token.as_str()),
        poise::Context::Prefix(_) => unreachable!("faqbot has no prefix commands"),
    };
    Responder::new(
        ctx.data().replies.clone(),
        ctx.serenity_context().http.clone(),
        id,
        token,
        state,
    )
}

/// Shows `out` to the member who ran the command (first response, edit after a deferral, or
/// follow-up).
pub async fn reply(ctx: Context<'_>, out: Outgoing) -> Result<(), CommandError> {
    Ok(responder(ctx).await.send(out).await?)
}

/// The check of every moderator command (`check = "moderator"`): Manage Server, Administrator,
/// or the role in `discord.moderator_role`. Runs whatever Discord's command permissions say, so
/// a forged interaction is refused too. When the server's roles must be looked up, the
/// interaction is deferred first (privately), unless the command opens a form
/// ([`OpensForm`]: a form cannot follow a deferral) or this is an autocomplete request.
pub async fn moderator(ctx: Context<'_>) -> Result<bool, CommandError> {
    let poise::Context::Application(app) = ctx else {
        return Ok(false);
    };
    let opens_form = app
        .command()
        .custom_data
        .downcast_ref::<OpensForm>()
        .is_some();
    let autocomplete = matches!(
        app.interaction_type,
        poise::CommandInteractionType::Autocomplete
    );
    let responder = responder(ctx).await;
    let defer_first = (!opens_form && !autocomplete).then_some(&responder);
    Ok(checks::is_moderator(
        ctx.data(),
        ctx.serenity_context(),
        app.interaction.member.as_deref(),
        app.interaction.guild_id,
        defer_first,
    )
    .await)
}

/// Marks a command that answers with a form (`custom_data = "OpensForm"`).
pub struct OpensForm;

/// Handles what poise reports: a refused check, a command error, options that did not parse.
async fn on_error(error: poise::FrameworkError<'_, Bot, CommandError>) {
    use poise::FrameworkError as E;
    match error {
        E::CommandCheckFailed { ctx, .. } => {
            let command = ctx.command().qualified_name.clone();
            let responder = responder(ctx).await;
            let autocomplete = matches!(
                ctx,
                poise::Context::Application(app)
                    if matches!(app.interaction_type, poise::CommandInteractionType::Autocomplete)
            );
            let sent = if autocomplete {
                responder
                    .autocomplete(serenity::CreateAutocompleteResponse::new())
                    .await
            } else {
                tracing::info!(
                    user = ctx.author().id.get(),
                    %command,
                    "a moderator command was refused to a member who is not a moderator"
                );
                responder
                    .send(Outgoing::notice(checks::NOT_A_MODERATOR))
                    .await
            };
            if let Err(e) = sent {
                tracing::warn!(%command, "a refusal was not delivered: {e}");
            }
        }
        E::Command { error, ctx, .. } => {
            tracing::warn!(command = %ctx.command().qualified_name, "{error}");
        }
        E::ArgumentParse { error, ctx, .. } => {
            let out = Outgoing::notice(&format!(
                "I could not read the options of `/{}`: {error}",
                ctx.command().qualified_name
            ));
            if let Err(e) = responder(ctx).await.send(out).await {
                tracing::warn!("a notice was not delivered: {e}");
            }
        }
        E::SubcommandRequired { ctx } => {
            let out = Outgoing::notice(&format!(
                "Pick one of the subcommands of `/{}`.",
                ctx.command().name
            ));
            if let Err(e) = responder(ctx).await.send(out).await {
                tracing::warn!("a notice was not delivered: {e}");
            }
        }
        E::CommandPanic { ctx, payload, .. } => {
            tracing::error!(command = %ctx.command().qualified_name, ?payload, "a command panicked");
            let out = Outgoing::notice("Sorry, something went wrong. Please try again.");
            let _ = responder(ctx).await.send(out).await;
        }
        E::UnknownInteraction {
            framework,
            interaction,
            ..
        } => {
            tracing::info!(command = %interaction.data.name, "an unknown command was refused");
            let responder = framework.user_data.responder(
                &framework.serenity_context.http,
                interaction.id,
                &interaction.token,
            );
            let out = Outgoing::notice(&format!(
                "Unknown command `/{}`.",
                crate::limits::truncate(&interaction.data.name, 32)
            ));
            if let Err(e) = responder.send(out).await {
                tracing::warn!("a notice was not delivered: {e}");
            }
        }
        other => tracing::warn!("{other}"),
    }
}

/// Autocomplete choices as poise wants them.
pub(crate) fn choices(
    choices: Vec<serenity::AutocompleteChoice>,
) -> serenity::CreateAutocompleteResponse {
    serenity::CreateAutocompleteResponse::new().set_choices(choices)
}
