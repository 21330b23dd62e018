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

use super::render::{self, Outgoing};
use super::{commands, feedback, invite, trigger};
use crate::config::DiscordSettings;
use crate::cooldown::Cooldown;
use crate::faq_edit::Editor;
use crate::matcher::Thresholds;
use crate::reply::Reply;
use crate::state::FaqState;
use crate::store::Store;

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
    /// One question per member per `user_cooldown_secs`.
    pub user_cooldown: Cooldown<u64>,
    /// One auto-answer per (channel, entry) per `auto_answer_cooldown_secs`.
    pub auto_answered: Cooldown<(u64, String)>,
    /// Whether the Message Content intent is requested (auto-answer channels need it).
    pub message_content: bool,
    /// Unanswered questions, answers given and votes.
    pub store: Store,
    /// Changes to the FAQ files from Discord.
    pub editor: Arc<Editor>,
}

impl Bot {
    /// Shared state for one client.
    pub fn new(
        state: Arc<FaqState>,
        matching: Thresholds,
        discord: DiscordSettings,
        message_content: bool,
        store: Store,
        editor: Arc<Editor>,
    ) -> Bot {
        let user_cooldown = Cooldown::new(Duration::from_secs_f64(discord.user_cooldown_secs));
        let auto_answered = Cooldown::new(Duration::from_secs(discord.auto_answer_cooldown_secs));
        Bot {
            state,
            matching,
            discord,
            me: OnceLock::new(),
            registered: AtomicBool::new(false),
            user_cooldown,
            auto_answered,
            message_content,
            store,
            editor,
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
        let question = trigger::strip_bot_mention(&msg.content, me.get());
        let out = if auto {
            match auto_answer(bot, msg.channel_id.get(), &question) {
                Some(out) => out,
                None => return,
            }
        } else {
            if !bot.user_cooldown.try_acquire(msg.author.id.get()) {
                tracing::debug!(user = msg.author.id.get(), "cool-down: question ignored");
                return;
            }
            if question.is_empty() {
                Outgoing::notice("Hi! Ask me a question after the mention, for example: *what degree do I need to become an MLT?*")
            } else {
                let reply = bot.state.index().reply(&question, &bot.matching);
                tracing::info!(
                    outcome = reply.outcome(),
                    score = reply.score(),
                    dm = is_dm,
                    "message"
                );
                feedback::record_reply(bot, msg.guild_id, msg.channel_id, &question, &reply);
                render::reply(&reply)
            }
        };
        if let Err(e) = msg
            .channel_id
            .send_message(&ctx.http, out.into_message(&msg))
            .await
        {
            tracing::warn!(channel = msg.channel_id.get(), "reply failed: {e}");
        }
    }

    async fn interaction_create(&self, ctx: Context, interaction: Interaction) {
        let bot = &self.0;
        match interaction {
            Interaction::Command(cmd) => commands::run(bot, &ctx, &cmd).await,
            Interaction::Autocomplete(cmd) => commands::autocomplete(bot, &ctx, &cmd).await,
            Interaction::Component(click) => commands::component(bot, &ctx, &click).await,
            Interaction::Modal(submit) => commands::faq_edit::modal(bot, &ctx, &submit).await,
            _ => {}
        }
    }
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
