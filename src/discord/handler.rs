//! The event handler: connects gateway events to the FAQ.
//!
//! - `ready`: registers the slash commands (once, from shard 0) and logs the invite link;
//! - `message`: answers mentions and DMs, and confident questions in auto-answer channels;
//! - `interaction_create`: slash commands, autocomplete, button clicks and form submits.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, OnceLock};
use std::time::Duration;

use serenity::all::{
    Command, Context, Event, EventHandler, GuildId, Interaction, Message, RawEventHandler, Ready,
    UserId,
};
use serenity::async_trait;

use super::dedup::Seen;
use super::deliver::Replies;
use super::questions::{self, Question};
use super::render::{self, Outgoing};
use super::workers::WorkQueue;
use super::{commands, feedback, invite, trigger};
use crate::config::DiscordSettings;
use crate::cooldown::Cooldown;
use crate::faq_edit::Editor;
use crate::limiter::{Admission, QuestionLimiter};
use crate::matcher::Thresholds;
use crate::reply::Reply;
use crate::state::FaqState;
use crate::store::Store;

/// Message and interaction ids remembered to handle each event once (about 1.5 MB).
const SEEN_IDS: usize = 65_536;

/// Everything the handlers share.
pub struct Bot {
    /// The FAQ being served.
    pub state: Arc<FaqState>,
    /// Thresholds for `/ask`, mentions and DMs.
    pub matching: Thresholds,
    /// Discord settings.
    pub discord: DiscordSettings,
    /// The bot's own user id, known from READY.
    pub me: OnceLock<UserId>,
    /// Set once the commands were registered, so shards and reconnects don't repeat it.
    registered: AtomicBool,
    /// Per-member token bucket (`questions_per_minute`, `question_burst`).
    pub limiter: QuestionLimiter,
    /// One auto-answer per (channel, entry) per `auto_answer_cooldown_secs`.
    pub auto_answered: Cooldown<(u64, String)>,
    /// Whether the Message Content intent is requested (auto-answer channels need it).
    pub message_content: bool,
    /// Unanswered questions, answers given and votes.
    pub store: Store,
    /// Changes to the FAQ files from Discord.
    pub editor: Arc<Editor>,
    /// Ids of the messages and interactions already handled.
    pub seen: Seen,
    /// Sends replies with retries.
    pub replies: Replies,
    /// Questions from messages, answered `max_in_flight` at a time.
    pub questions: WorkQueue<Question>,
    /// Interactions handled at once (each one's task waits for a permit).
    pub interactions: tokio::sync::Semaphore,
}

impl Bot {
    /// Shared state for one client; starts the question workers (needs a tokio runtime).
    pub fn new(
        state: Arc<FaqState>,
        matching: Thresholds,
        discord: DiscordSettings,
        message_content: bool,
        store: Store,
        editor: Arc<Editor>,
        replies: Replies,
    ) -> Bot {
        let limiter = QuestionLimiter::new(discord.questions_per_minute, discord.question_burst);
        let auto_answered = Cooldown::new(Duration::from_secs(discord.auto_answer_cooldown_secs));
        let questions = WorkQueue::new(
            discord.queue_capacity,
            discord.max_in_flight,
            questions::answer,
        );
        let interactions = tokio::sync::Semaphore::new(discord.max_in_flight.max(1));
        Bot {
            state,
            matching,
            discord,
            me: OnceLock::new(),
            registered: AtomicBool::new(false),
            limiter,
            auto_answered,
            message_content,
            store,
            editor,
            seen: Seen::new(SEEN_IDS),
            replies,
            questions,
            interactions,
        }
    }
}

/// The serenity event handler.
pub struct Handler(pub Arc<Bot>);

#[async_trait]
impl EventHandler for Handler {
    async fn ready(&self, ctx: Context, ready: Ready) {
        let bot = &self.0;
        let _ = bot.me.set(ready.user.id);
        let index = bot.state.index();
        tracing::info!(
            user = %ready.user.name,
            shard = ?ready.shard.map(|s| s.id.0),
            entries = index.corpus().entries.len(),
            "connected to Discord"
        );
        let first_shard = ready.shard.is_none_or(|s| s.id.0 == 0);
        if !first_shard || bot.registered.swap(true, Ordering::SeqCst) {
            return;
        }
        tracing::info!(
            "invite link (scopes bot, applications.commands; View Channel, Send Messages, Embed Links, Read Message History): {}",
            invite::invite_url(ready.application.id)
        );
        let definitions = commands::definitions(index.corpus());
        if bot.discord.guild_ids.is_empty() {
            match Command::set_global_commands(&ctx.http, definitions).await {
                Ok(c) => tracing::info!(commands = c.len(), "slash commands registered globally"),
                Err(e) => {
                    bot.registered.store(false, Ordering::SeqCst);
                    tracing::error!("registering slash commands failed: {e}");
                }
            }
        } else {
            for &guild in &bot.discord.guild_ids {
                match GuildId::new(guild)
                    .set_commands(&ctx.http, definitions.clone())
                    .await
                {
                    Ok(c) => tracing::info!(guild, commands = c.len(), "slash commands registered"),
                    Err(e) => tracing::error!(guild, "registering slash commands failed: {e}"),
                }
            }
        }
    }

    async fn message(&self, ctx: Context, msg: Message) {
        let bot = &self.0;
        let Some(&me) = bot.me.get() else {
            return;
        };
        if msg.author.bot || msg.author.id == me {
            return;
        }
        // The mentions array is authoritative; the content check covers clients and proxies that
        // leave it out.
        let mentioned = msg.mentions.iter().any(|u| u.id == me)
            || trigger::mentions_bot(&msg.content, me.get());
        let is_dm = msg.guild_id.is_none();
        let auto = !mentioned
            && !is_dm
            && bot.message_content
            && bot
                .discord
                .auto_answer_channels
                .contains(&msg.channel_id.get());
        if !(mentioned || is_dm || auto) {
            return;
        }
        if !bot.seen.first_time(msg.id.get()) {
            tracing::debug!(
                message = msg.id.get(),
                "a message delivered again was ignored"
            );
            return;
        }
        let admission = if auto {
            Admission::Allowed // unprompted answers are limited per channel and entry instead
        } else {
            bot.limiter.check(msg.author.id.get())
        };
        // Answered by the bounded workers; this event's task (and its message) ends here.
        let question = Question {
            bot: self.0.clone(),
            http: ctx.http.clone(),
            guild: msg.guild_id,
            channel: msg.channel_id,
            message: msg.id,
            text: trigger::strip_bot_mention(&msg.content, me.get()),
            auto,
            is_dm,
            admission,
        };
        drop(msg);
        bot.questions.push(question).await;
    }

    async fn interaction_create(&self, ctx: Context, interaction: Interaction) {
        let bot = &self.0;
        if !bot.seen.first_time(interaction.id().get()) {
            tracing::debug!(
                interaction = interaction.id().get(),
                "an interaction delivered again was ignored"
            );
            return;
        }
        let Ok(_permit) = bot.interactions.acquire().await else {
            return;
        };
        match interaction {
            Interaction::Command(cmd) => commands::run(bot, &ctx, &cmd).await,
            Interaction::Autocomplete(cmd) => commands::autocomplete(bot, &ctx, &cmd).await,
            Interaction::Component(click) => commands::component(bot, &ctx, &click).await,
            Interaction::Modal(submit) => commands::faq_edit::modal(bot, &ctx, &submit).await,
            _ => {}
        }
    }
}

/// What to answer a question from a message (matching is CPU work: called on a blocking
/// thread). `None` when nothing is to be said (an unsure match in an auto-answer channel).
pub(crate) fn compose(
    bot: &Bot,
    guild: Option<serenity::all::GuildId>,
    channel: u64,
    question: &str,
    auto: bool,
    is_dm: bool,
) -> Option<Outgoing> {
    if auto {
        return auto_answer(bot, channel, question);
    }
    if question.is_empty() {
        return Some(Outgoing::notice("Hi! Ask me a question after the mention, for example: *what degree do I need to become an MLT?*"));
    }
    let reply = bot.state.index().reply(question, &bot.matching);
    tracing::info!(
        outcome = reply.outcome(),
        score = reply.score(),
        dm = is_dm,
        "message"
    );
    let channel_id = serenity::all::ChannelId::new(channel.max(1));
    feedback::record_reply(bot, guild, channel_id, question, &reply);
    Some(render::reply(&reply))
}

/// In an auto-answer channel: answer only a confident match, once per entry per cool-down.
fn auto_answer(bot: &Bot, channel: u64, question: &str) -> Option<Outgoing> {
    let strict = Thresholds {
        answer: bot.discord.auto_answer_threshold.max(bot.matching.answer),
        ..bot.matching
    };
    match bot.state.index().reply(question, &strict) {
        Reply::Answer(a) if bot.auto_answered.try_acquire((channel, a.id.clone())) => {
            tracing::info!(entry = %a.id, score = a.score, channel, "auto-answer");
            feedback::record_given(bot, &a.id);
            Some(render::answer(&a))
        }
        _ => None,
    }
}

/// Reports events that serenity could not read. serenity turns a malformed dispatch into
/// `Event::Unknown` and runs no handler; without this the member's question would vanish silently.
pub struct UnreadableEvents;

/// Dispatches the bot acts on: an unreadable one of these is a warning, any other a debug line.
const EVENTS_WE_HANDLE: &[&str] = &["READY", "MESSAGE_CREATE", "INTERACTION_CREATE"];

#[async_trait]
impl RawEventHandler for UnreadableEvents {
    async fn raw_event(&self, _ctx: Context, event: Event) {
        if let Event::Unknown(unknown) = event {
            if EVENTS_WE_HANDLE.contains(&unknown.kind.as_str()) {
                tracing::warn!(
                    event = %unknown.kind,
                    "Discord sent an event this bot could not read; it was ignored"
                );
            } else {
                tracing::debug!(event = %unknown.kind, "ignored an event of an unknown kind");
            }
        }
    }
}
