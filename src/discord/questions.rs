//! A question asked by mention, DM or in an auto-answer channel, answered off the event task by
//! the bounded [`super::workers::WorkQueue`]: matched on a blocking thread (CPU work never runs
//! on the tasks that keep the gateway alive), then delivered with retries.

use std::sync::{Arc, OnceLock};
use std::time::Duration;

use serenity::all::{ChannelId, GuildId, Http, MessageId, ReactionType};

use super::handler::{compose, Bot};
use super::render::Outgoing;
use crate::limiter::{Admission, Notice};

/// Reaction put on a question that waits for the member's rate limit.
pub const WAIT_REACTION: &str = "⏳";

/// One question to answer: only what answering needs, so a queued question is small.
pub struct Question {
    /// The bot (state, settings, reply sender).
    pub bot: Arc<Bot>,
    /// serenity's HTTP client (URL, proxy, token, rate limiter).
    pub http: Arc<Http>,
    /// The server it was asked in (`None` in a DM).
    pub guild: Option<GuildId>,
    /// Where it was asked.
    pub channel: ChannelId,
    /// The message asking it: the reply refers to it.
    pub message: MessageId,
    /// The question, without mentions of the bot.
    pub text: String,
    /// Asked in an auto-answer channel without a mention.
    pub auto: bool,
    /// Asked in a DM.
    pub is_dm: bool,
    /// The member's rate-limit decision, taken when the event arrived.
    pub admission: Admission,
}

/// Answers `q`: the reply, a notice that the member must wait, a reaction, or nothing (an
/// auto-answer channel question that is not a confident match, or a flood past the notices).
pub async fn answer(q: Question) {
    let out = match q.admission {
        Admission::Allowed => {
            let bot = q.bot.clone();
            let (guild, channel, text, auto, is_dm) =
                (q.guild, q.channel.get(), q.text, q.auto, q.is_dm);
            // Matching is CPU work: no more at once than there are cores (more would not be
            // faster, and each extra thread keeps its own allocator arena: memory).
            let Ok(_cpu) = cpu_slots().acquire().await else {
                return;
            };
            match tokio::task::spawn_blocking(move || {
                compose(&bot, guild, channel, &text, auto, is_dm)
            })
            .await
            {
                Ok(Some(out)) => out,
                Ok(None) => return,
                Err(e) => {
                    tracing::error!(channel, "answering a question failed: {e}");
                    Outgoing::notice(
                        "Sorry, something went wrong while answering. Please try again.",
                    )
                }
            }
        }
        Admission::Limited(limited) => match limited.notice {
            Notice::Reply => Outgoing::notice(&limited_text(limited.retry_in)),
            Notice::React => {
                let emoji = ReactionType::Unicode(WAIT_REACTION.to_string());
                if let Err(e) = q.http.create_reaction(q.channel, q.message, &emoji).await {
                    tracing::debug!("could not mark a limited question: {e}");
                }
                return;
            }
            Notice::Ignore => return,
        },
    };
    let message = out.into_message((q.channel, q.message));
    if let Err(e) = q
        .bot
        .replies
        .message(&q.http, q.channel, q.message, message)
        .await
    {
        tracing::warn!(
            channel = q.channel.get(),
            message = q.message.get(),
            "a reply was not delivered: {e}"
        );
    }
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
