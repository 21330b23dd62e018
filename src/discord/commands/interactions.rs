//! Where each interaction goes. Slash commands and their autocomplete through poise, from the
//! one command table ([`super::all`]); buttons and forms by their custom id, a moderator's ones
//! only after the moderator check ([`checks::is_moderator`]), whatever the custom id claims.

use std::any::Any;
use std::sync::atomic::AtomicBool;
use std::sync::Arc;

use poise::serenity_prelude::{
    CommandInteraction, ComponentInteraction, Context, ModalInteraction, ResolvedValue,
};

use super::{faq, faq_edit, CommandError};
use crate::discord::bot::Bot;
use crate::discord::checks;
use crate::discord::feedback;
use crate::discord::render::{self, Outgoing};
use crate::discord::respond::{Responder, ResponseState};

/// poise's view of the framework for one event.
pub type Framework<'a> = poise::FrameworkContext<'a, Bot, CommandError>;

/// The data poise keeps for one invocation: the response state its check and command share.
fn invocation_data(state: &Arc<ResponseState>) -> tokio::sync::Mutex<Box<dyn Any + Send + Sync>> {
    tokio::sync::Mutex::new(Box::new(state.clone()) as Box<dyn Any + Send + Sync>)
}

/// Runs a slash command: its checks, then its function; what fails goes to the error handler.
pub async fn command(framework: Framework<'_>, cmd: &CommandInteraction) {
    let state = Arc::new(ResponseState::default());
    let data = invocation_data(&state);
    let sent = AtomicBool::new(false);
    let options = cmd.data.options();
    let mut tree = Vec::new();
    if let Err(e) =
        poise::dispatch_interaction(framework, cmd, &sent, &data, &options, &mut tree).await
    {
        e.handle(framework.options).await;
    }
}

/// Answers an autocomplete request with the choices of the focused option's `autocomplete`
/// function (after the command's checks), through [`Responder`] like every other response.
pub async fn autocomplete(framework: Framework<'_>, cmd: &CommandInteraction) {
    let state = Arc::new(ResponseState::default());
    let data = invocation_data(&state);
    let sent = AtomicBool::new(false);
    let options = cmd.data.options();
    let mut tree = Vec::new();
    let app = match poise::extract_command_and_run_checks(
        framework,
        cmd,
        poise::CommandInteractionType::Autocomplete,
        &sent,
        &data,
        &options,
        &mut tree,
    )
    .await
    {
        Ok(app) => app,
        Err(e) => return e.handle(framework.options).await,
    };
    let focused = app.args.iter().find_map(|o| match &o.value {
        ResolvedValue::Autocomplete { value, .. } => Some((o.name, *value)),
        _ => None,
    });
    let callback = focused.and_then(|(name, value)| {
        app.command()
            .parameters
            .iter()
            .find(|p| p.name == name)
            .and_then(|p| p.autocomplete_callback)
            .map(|callback| (callback, value))
    });
    let Some((callback, typed)) = callback else {
        tracing::debug!(command = %cmd.data.name, "an autocomplete request for no known option");
        return;
    };
    let choices = callback(app, typed).await;
    let responder =
        framework
            .user_data
            .responder(&framework.serenity_context.http, cmd.id, &cmd.token);
    if let Err(e) = responder.autocomplete(choices).await {
        tracing::warn!("an autocomplete response was not delivered: {e}");
    }
}

/// Handles a button click: a "did you mean" pick, a related entry, a vote, or a moderator's
/// button (checked first).
pub async fn component(bot: &Bot, ctx: &Context, click: &ComponentInteraction) {
    let id = click.data.custom_id.as_str();
    let responder = bot.responder(&ctx.http, click.id, &click.token);
    if checks::moderator_only_component(id) {
        // Refused here, before any code behind the button runs: a custom id can be forged.
        if !checks::is_moderator(bot, ctx, click.member.as_ref(), click.guild_id, None).await {
            tracing::info!(custom_id = %id, user = click.user.id.get(), "a moderator's button was refused to a member who is not a moderator");
            return send(&responder, Outgoing::notice(checks::NOT_A_MODERATOR)).await;
        }
        if faq_edit::handles_component(id) {
            return faq_edit::component(bot, click, &responder).await;
        }
    } else if feedback::is_vote(id) {
        return feedback::vote(bot, click, &responder).await;
    }
    let (entry_id, update) = if let Some(rest) = id.strip_prefix(render::PICK_PREFIX) {
        (rest, true)
    } else if let Some(rest) = id.strip_prefix(render::SHOW_PREFIX) {
        (rest, false)
    } else {
        // A forged or outdated custom id: say so rather than leave the member with "This
        // interaction failed".
        tracing::info!(custom_id = %id, user = click.user.id.get(), "a click on a button the bot does not offer was refused");
        let out = Outgoing::notice("This button is no longer available. Try `/ask` again.");
        return send(&responder, out).await;
    };
    let found = faq::answer_for(&bot.state.index(), entry_id);
    let sent = match found {
        Some(answer) => {
            feedback::record_given(bot, &answer.id);
            let out = render::answer(&answer);
            if update {
                responder.update(out).await
            } else {
                responder
                    .send(Outgoing {
                        ephemeral: true,
                        ..out
                    })
                    .await
            }
        }
        None => {
            responder
                .send(Outgoing::notice(
                    "That FAQ entry no longer exists (the FAQ was edited). Try `/ask` again.",
                ))
                .await
        }
    };
    if let Err(e) = sent {
        tracing::warn!(custom_id = %id, "a button response was not delivered: {e}");
    }
}

/// A form was submitted: a moderator's form is checked for a moderator again (its custom id
/// may be forged), then applied.
pub async fn modal(bot: &Bot, ctx: &Context, submit: &ModalInteraction) {
    let id = submit.data.custom_id.as_str();
    let responder = bot.responder(&ctx.http, submit.id, &submit.token);
    if !faq_edit::handles_form(id) {
        tracing::info!(custom_id = %id, "submit of an unknown form");
        let out = Outgoing::notice("This form is no longer available; run the command again.");
        return send(&responder, out).await;
    }
    let member = submit.member.as_ref();
    if !checks::is_moderator(bot, ctx, member, submit.guild_id, Some(&responder)).await {
        tracing::warn!(
            user = submit.user.id.get(),
            custom_id = %id,
            "FAQ form submitted by a non-moderator; refused"
        );
        return send(&responder, Outgoing::notice(checks::NOT_A_MODERATOR)).await;
    }
    faq_edit::modal(bot, submit, &responder).await;
}

async fn send(responder: &Responder, out: Outgoing) {
    if let Err(e) = responder.send(out).await {
        tracing::warn!("a response was not delivered: {e}");
    }
}
