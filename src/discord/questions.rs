//! A question asked by mention, DM or in an auto-answer channel (or the edit of one), answered
//! off the event task by the bounded [`super::workers::WorkQueue`]: matched on a blocking thread
//! (CPU work never runs on the tasks that keep the gateway alive), then delivered with retries.
//!
//! What is answered is a turn of the member's conversation ([`crate::conversation`]): several
//! questions of one message are answered each, and a follow-up may inherit the role of the
//! member's previous question in the channel.

use std::sync::{Arc, OnceLock};
use std::time::{Duration, Instant};

use serenity::all::{ChannelId, GuildId, Http, MessageId, ReactionType, UserId};

use super::bot::Bot;
use super::feedback;
use super::render::{self, Outgoing};
use crate::conversation::{self, Part, Turn};
use crate::limiter::{Admission, Notice};
use crate::matcher::Thresholds;
use crate::reply::Reply;

/// Reaction put on a question that waits for the member's rate limit.
pub const WAIT_REACTION: &str = "⏳";

/// What a member says to the bot when the mention comes with no question.
const EMPTY_MENTION: &str =
    "Hi! Ask me a question after the mention, for example: *what degree do I need to become an MLT?*";

/// One question to answer: only what answering needs, so a queued question is small.
pub struct Question {
    /// The bot (state, settings, reply sender).
    pub bot: Arc<Bot>,
    /// serenity's HTTP client (URL, proxy, token, rate limiter).
    pub http: Arc<Http>,
    /// The server it was asked in (`None` in a DM).
    pub guild: Option<GuildId>,
    /// Where it was asked (a thread or forum post is a channel of its own).
    pub channel: ChannelId,
    /// The message asking it: the reply refers to it.
    pub message: MessageId,
    /// Who asked it.
    pub author: UserId,
    /// The question, without mentions of the bot.
    pub text: String,
    /// Asked in an auto-answer channel (or a thread or post of one) without a mention.
    pub auto: bool,
    /// Asked in a DM.
    pub is_dm: bool,
    /// The member's rate-limit decision, taken when the event arrived.
    pub admission: Admission,
    /// The bot's reply to edit instead of posting a new one: the question was edited.
    pub edit: Option<MessageId>,
}

/// Answers `q`: the reply (or the edit of it), a notice that the member must wait, a reaction,
/// or nothing (an auto-answer channel question that is not a confident match, or a flood past
/// the notices).
pub async fn answer(q: Question) {
    let out = match q.admission {
        Admission::Allowed => match compose_off_thread(&q, &q.text).await {
            Some(out) => out,
            None => {
                if q.edit.is_none() {
                    q.bot.answered.forget(q.message);
                }
                return;
            }
        },
        Admission::Limited(_) if q.edit.is_some() => {
            tracing::debug!(
                message = q.message.get(),
                "an edited question over the member's limit keeps its answer"
            );
            return;
        }
        Admission::Limited(limited) => {
            q.bot.answered.forget(q.message);
            match limited.notice {
                Notice::Reply => Outgoing::notice(&limited_text(limited.retry_in)),
                Notice::React => {
                    let emoji = ReactionType::Unicode(WAIT_REACTION.to_string());
                    if let Err(e) = q.http.create_reaction(q.channel, q.message, &emoji).await {
                        tracing::debug!("could not mark a limited question: {e}");
                    }
                    return;
                }
                Notice::Ignore => return,
            }
        }
    };
    let reply = match q.edit {
        Some(reply) => edit(&q, reply, out).await.then_some(reply),
        None => post(&q, out).await,
    };
    // The question may have been edited while its answer was on its way: answer the new text.
    let Some(reply) = reply else { return };
    let mut answered = q.text.clone();
    for _ in 0..3 {
        let Some(newer) = q.bot.answered.replied(q.message, reply, &answered) else {
            return;
        };
        let Some(out) = compose_off_thread(&q, &newer).await else {
            return;
        };
        if !edit(&q, reply, out).await {
            return;
        }
        answered = newer;
    }
}

/// Posts the reply to the question; its id.
async fn post(q: &Question, out: Outgoing) -> Option<MessageId> {
    let message = out.into_message(q.channel, q.message);
    match q
        .bot
        .replies
        .message(&q.http, q.channel, q.message, message)
        .await
    {
        Ok(id) => id,
        Err(e) => {
            tracing::warn!(
                channel = q.channel.get(),
                message = q.message.get(),
                "a reply was not delivered: {e}"
            );
            None
        }
    }
}

/// Edits the reply `reply` to show `out`; true when done.
async fn edit(q: &Question, reply: MessageId, out: Outgoing) -> bool {
    match q
        .bot
        .replies
        .edit_message(&q.http, q.channel, reply, &out.into_edit())
        .await
    {
        Ok(()) => {
            tracing::info!(
                channel = q.channel.get(),
                reply = reply.get(),
                "an edited question's answer was edited"
            );
            true
        }
        Err(e) => {
            tracing::warn!(
                channel = q.channel.get(),
                reply = reply.get(),
                "an edited question's answer could not be edited: {e}"
            );
            false
        }
    }
}

/// [`compose`] on a blocking thread, no more at once than there are cores.
async fn compose_off_thread(q: &Question, text: &str) -> Option<Outgoing> {
    // Matching is CPU work: no more at once than there are cores (more would not be faster,
    // and each extra thread keeps its own allocator arena: memory).
    let _cpu = cpu_slots().acquire().await.ok()?;
    let asked = Asked {
        guild: q.guild,
        channel: q.channel,
        author: q.author,
        auto: q.auto,
        is_dm: q.is_dm,
        edited: q.edit.is_some(),
    };
    let (bot, text) = (q.bot.clone(), text.to_string());
    match tokio::task::spawn_blocking(move || compose(&bot, &asked, &text)).await {
        Ok(out) => out,
        Err(e) => {
            tracing::error!(
                channel = q.channel.get(),
                "answering a question failed: {e}"
            );
            Some(Outgoing::notice(
                "Sorry, something went wrong while answering. Please try again.",
            ))
        }
    }
}

/// Where and how a question was asked.
#[derive(Debug, Clone, Copy)]
struct Asked {
    guild: Option<GuildId>,
    channel: ChannelId,
    author: UserId,
    auto: bool,
    is_dm: bool,
    /// An edit of a question answered before (not counted again in the gaps and stats).
    edited: bool,
}

/// What to answer a question from a message (CPU work: called on a blocking thread). `None`
/// when nothing is to be said (an unsure match in an auto-answer channel).
fn compose(bot: &Bot, asked: &Asked, question: &str) -> Option<Outgoing> {
    if asked.auto {
        return auto_answer(bot, asked.channel.get(), question);
    }
    if question.is_empty() {
        return Some(Outgoing::notice(EMPTY_MENTION));
    }
    let turn = converse(bot, asked.author, asked.channel, question);
    log_turn(&turn, if asked.is_dm { "dm" } else { "message" });
    if !asked.edited {
        record(bot, asked.guild, asked.channel, &turn);
    }
    Some(render::turn(&turn))
}

/// The turn of `member`'s conversation in `channel` that `question` is: read with the role of
/// their previous answered question there, if recent (and remembered for the next one).
pub(crate) fn converse(bot: &Bot, member: UserId, channel: ChannelId, question: &str) -> Turn {
    let (member, channel) = (member.get(), channel.get());
    let now = Instant::now();
    let previous = bot.follow_ups.previous_role(member, channel, now);
    let index = bot.state.index();
    let turn = conversation::reply(&index, question, &bot.matching, previous.as_deref());
    if turn.answered {
        bot.follow_ups
            .remember(member, channel, turn.role.clone(), now);
    }
    turn
}

/// Records what each question of the turn got (gaps, answers given).
pub(crate) fn record(bot: &Bot, guild: Option<GuildId>, channel: ChannelId, turn: &Turn) {
    for part in &turn.parts {
        feedback::record_reply(bot, guild, channel, &part.question, &part.reply);
    }
}

/// Logs each reply of a turn (`via`: "message", "dm", "/ask").
pub(crate) fn log_turn(turn: &Turn, via: &'static str) {
    for Part {
        reply, inherited, ..
    } in &turn.parts
    {
        tracing::info!(
            outcome = reply.outcome(),
            score = reply.score(),
            via,
            questions = turn.parts.len(),
            follow_up = inherited.is_some(),
            "question"
        );
    }
}

/// In an auto-answer channel: answer only confident matches (each asking sentence of the
/// message), each entry once per channel per cool-down.
fn auto_answer(bot: &Bot, channel: u64, question: &str) -> Option<Outgoing> {
    let strict = Thresholds {
        answer: bot.discord.auto_answer_threshold.max(bot.matching.answer),
        ..bot.matching
    };
    let mut turn = conversation::reply(&bot.state.index(), question, &strict, None);
    turn.parts.retain(|p| match &p.reply {
        Reply::Answer(a) if bot.auto_answered.try_acquire((channel, a.id.clone())) => {
            tracing::info!(entry = %a.id, score = a.score, channel, "auto-answer");
            feedback::record_given(bot, &a.id);
            true
        }
        _ => false,
    });
    turn.unasked = 0;
    (!turn.parts.is_empty()).then(|| render::turn(&turn))
}

/// One permit per core, for matching.
fn cpu_slots() -> &'static tokio::sync::Semaphore {
    static SLOTS: OnceLock<tokio::sync::Semaphore> = OnceLock::new();
    SLOTS.get_or_init(|| {
        let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
        tokio::sync::Semaphore::new(cores)
    })
}

/// The notice for the first question of a member who asks too fast.
pub fn limited_text(retry_in: Duration) -> String {
    let secs = retry_in.as_secs_f64().ceil().max(1.0) as u64;
    format!(
        "You're asking faster than I can answer. Give me about {secs} s, then ask again (I'll mark questions that come sooner with {WAIT_REACTION})."
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_limit_notice_says_how_long_to_wait_in_whole_seconds() {
        let text = limited_text(Duration::from_millis(4200));
        assert!(text.contains("about 5 s"), "{text}");
        assert!(limited_text(Duration::ZERO).contains("about 1 s"));
    }
}
