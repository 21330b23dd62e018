//! What members tell the moderators without writing to them: questions the FAQ could not answer
//! and answers given are recorded ([`record_reply`], [`record_given`]), and every answer carries
//! "Helpful" / "Not helpful" buttons (drawn by [`super::render`], counted by [`vote`]): one vote
//! per member per entry, stored under a keyed hash of the member, never their id.

use serenity::all::{ChannelId, ComponentInteraction, GuildId};

use super::bot::Bot;
use super::render::{Outgoing, HELPFUL_PREFIX, NOT_HELPFUL_PREFIX};
use super::respond::Responder;
use crate::reply::{DeclineReason, Reply};
use crate::store::{self, AskedQuestion, Missed};

/// True for the custom id of a vote button.
pub fn is_vote(custom_id: &str) -> bool {
    custom_id.starts_with(HELPFUL_PREFIX) || custom_id.starts_with(NOT_HELPFUL_PREFIX)
}

/// A click on a vote button: recorded (a second click by the same member replaces the first)
/// and thanked privately.
pub async fn vote(bot: &Bot, click: &ComponentInteraction, responder: &Responder) {
    let id = &click.data.custom_id;
    let (entry, helpful) = match id.strip_prefix(HELPFUL_PREFIX) {
        Some(entry) => (entry, true),
        None => (
            id.strip_prefix(NOT_HELPFUL_PREFIX).unwrap_or_default(),
            false,
        ),
    };
    let text = if bot.state.index().corpus().entry(entry).is_none() {
        "That FAQ entry no longer exists (the FAQ was edited), so the vote was not counted."
    } else {
        bot.store
            .record_vote(entry, click.user.id.get(), helpful, store::now());
        tracing::info!(entry, helpful, "vote");
        if helpful {
            "Thanks! Glad it helped. (One vote per member per answer: clicking again changes it.)"
        } else {
            "Thanks for saying so: moderators see which answers need work. (One vote per member per answer: clicking again changes it.)"
        }
    };
    if let Err(e) = responder.send(Outgoing::notice(text)).await {
        tracing::warn!("vote response failed: {e}");
    }
}

/// Records what a question got: an answer is counted for its entry; a decline or "did you mean"
/// is stored as a gap (time, server, channel and text; never who asked). Messages with no
/// question at all ("hi") are not gaps.
pub fn record_reply(
    bot: &Bot,
    guild: Option<GuildId>,
    channel: ChannelId,
    question: &str,
    reply: &Reply,
) {
    let at = store::now();
    let outcome = match reply {
        Reply::Answer(a) => return bot.store.record_given(&a.id, at),
        Reply::Clarify(_) => Missed::Clarified,
        Reply::Decline(d) if d.reason == DeclineReason::NoQuestion => return,
        Reply::Decline(_) => Missed::Declined,
    };
    bot.store.record_unanswered(AskedQuestion {
        at,
        guild: guild.map(GuildId::get),
        channel: channel.get(),
        outcome,
        question: question.to_string(),
    });
}

/// Counts one answer given with entry `id` (a button pick, an auto-answer).
pub fn record_given(bot: &Bot, id: &str) {
    bot.store.record_given(id, store::now());
}
