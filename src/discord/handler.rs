//! The event handler: connects gateway events to the FAQ.
//!
//! - `ready`: registers the slash commands (once, from shard 0) and logs the invite link;
//! - `message`: answers mentions (of the bot or its managed role) and DMs, and confident
//!   questions in auto-answer channels and their threads and forum posts;
//! - `message_update`: an edited question gets its answer edited; an edit that newly mentions
//!   the bot is answered; updates that only add embeds (link previews) are ignored;
//! - `guild_create`, `thread_*`, `channel_create`, role events: where threads belong, which
//!   channels are forums, which role is the bot's (see [`super::places`]);
//! - `interaction_create`: slash commands and autocomplete (poise), buttons and forms (see
//!   [`super::commands::interactions`]).

use std::hash::{Hash, Hasher};
use std::sync::atomic::Ordering;
use std::sync::{Arc, OnceLock};

use serenity::all::{
    ChannelId, Command, Context, Event, EventHandler, GuildChannel, GuildId, Interaction, Message,
    MessageId, MessageUpdateEvent, RawEventHandler, Ready, Role, RoleId, ShardManager,
    ThreadListSyncEvent, User, UserId,
};
use serenity::async_trait;

use super::answered::OnEdit;
use super::bot::Bot;
use super::commands::{self, interactions, CommandError};
use super::questions::Question;
use super::workers::WorkQueue;
use super::{invite, trigger};
use crate::limiter::Admission;

/// The serenity event handler.
pub struct Handler {
    bot: Arc<Bot>,
    /// Questions from messages (and their edits), answered by bounded workers.
    questions: Arc<WorkQueue<Question>>,
    /// The slash commands and poise's options (the one command table).
    framework: poise::FrameworkOptions<Bot, CommandError>,
    /// The client's shard manager, set once the client is built (poise wants it).
    shard_manager: Arc<OnceLock<Arc<ShardManager>>>,
}

impl Handler {
    /// The handler of `bot`, queueing questions in `questions`; `shard_manager` is filled in
    /// when the client is built.
    pub fn new(
        bot: Arc<Bot>,
        questions: Arc<WorkQueue<Question>>,
        shard_manager: Arc<OnceLock<Arc<ShardManager>>>,
    ) -> Handler {
        Handler {
            bot,
            questions,
            framework: commands::framework(),
            shard_manager,
        }
    }

    /// Whether a message in `channel` (not a mention) is in an auto-answer channel: listed, or a
    /// thread of a listed channel, or the opening message of a post in a listed forum.
    async fn auto_answered_here(
        &self,
        ctx: &Context,
        channel: ChannelId,
        message: MessageId,
    ) -> bool {
        let listed = &self.bot.discord.auto_answer_channels;
        if listed.contains(&channel.get()) {
            return true;
        }
        let places = &self.bot.places;
        let Some(parent) = places.parent(&ctx.http, channel).await else {
            return false;
        };
        if !listed.contains(&parent.get()) {
            return false;
        }
        // In a forum, only the post's opening message (its id is the post's) asks; the replies
        // under it are a conversation among members.
        !places.is_forum(&ctx.http, parent).await || message.get() == channel.get()
    }

    /// The bot's managed role in the server of a message that mentions roles.
    async fn bot_role(
        &self,
        ctx: &Context,
        guild: Option<GuildId>,
        roles: &[RoleId],
        content: &str,
    ) -> Option<RoleId> {
        let me = *self.bot.me.get()?;
        let guild = guild?;
        if roles.is_empty() && !content.contains("<@&") {
            return None;
        }
        self.bot.places.bot_role(&ctx.http, guild, me).await
    }

    /// Queues a question from a message (new, or edited into one).
    #[allow(clippy::too_many_arguments)]
    async fn ask(
        &self,
        ctx: &Context,
        guild: Option<GuildId>,
        channel: ChannelId,
        message: MessageId,
        author: UserId,
        text: String,
        auto: bool,
        edit: Option<MessageId>,
    ) {
        let bot = &self.bot;
        let admission = if auto {
            Admission::Allowed // unprompted answers are limited per channel and entry instead
        } else {
            bot.limiter.check(author.get())
        };
        if edit.is_none() {
            bot.answered.asked(message, channel, &text);
        }
        // Answered by the bounded workers; this event's task ends here.
        let question = Question {
            bot: bot.clone(),
            http: ctx.http.clone(),
            guild,
            channel,
            message,
            author,
            text,
            auto,
            is_dm: guild.is_none(),
            admission,
            edit,
        };
        self.questions.push(question).await;
    }

    fn framework<'a>(
        &'a self,
        ctx: &'a Context,
        shard_manager: &'a Arc<ShardManager>,
    ) -> interactions::Framework<'a> {
        poise::FrameworkContext {
            serenity_context: ctx,
            options: &self.framework,
            user_data: &*self.bot,
            shard_manager,
        }
    }
}

/// Is `author` someone the bot answers (not a bot, not itself)?
fn from_member(author: &User, me: UserId) -> bool {
    !author.bot && author.id != me
}

#[async_trait]
impl EventHandler for Handler {
    async fn ready(&self, ctx: Context, ready: Ready) {
        let bot = &self.bot;
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
            "invite link (scopes bot, applications.commands; View Channel, Send Messages, Send Messages in Threads, Embed Links, Read Message History): {}",
            invite::invite_url(ready.application.id)
        );
        let definitions = commands::definitions(&self.framework);
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

    async fn guild_create(&self, _ctx: Context, guild: serenity::all::Guild, _new: Option<bool>) {
        self.bot
            .places
            .note_guild(&guild, self.bot.me.get().copied());
    }

    async fn channel_create(&self, _ctx: Context, channel: GuildChannel) {
        self.bot.places.note_channel(&channel);
    }

    async fn thread_create(&self, _ctx: Context, thread: GuildChannel) {
        self.bot.places.note_channel(&thread);
    }

    async fn thread_update(&self, _ctx: Context, _old: Option<GuildChannel>, new: GuildChannel) {
        self.bot.places.note_channel(&new);
    }

    async fn thread_list_sync(&self, _ctx: Context, sync: ThreadListSyncEvent) {
        for thread in &sync.threads {
            self.bot.places.note_channel(thread);
        }
    }

    async fn guild_role_create(&self, _ctx: Context, role: Role) {
        self.bot.places.note_role(&role, self.bot.me.get().copied());
    }

    async fn guild_role_update(&self, _ctx: Context, _old: Option<Role>, role: Role) {
        self.bot.places.note_role(&role, self.bot.me.get().copied());
    }

    async fn message(&self, ctx: Context, msg: Message) {
        let bot = &self.bot;
        let Some(&me) = bot.me.get() else {
            return;
        };
        if !from_member(&msg.author, me) {
            return;
        }
        let bot_role = self
            .bot_role(&ctx, msg.guild_id, &msg.mention_roles, &msg.content)
            .await;
        // The mentions array is authoritative; the content check covers clients and proxies that
        // leave it out.
        let mentioned = msg.mentions.iter().any(|u| u.id == me)
            || trigger::mentions_bot(&msg.content, me.get())
            || bot_role.is_some_and(|r| {
                msg.mention_roles.contains(&r) || trigger::mentions_role(&msg.content, r.get())
            });
        let is_dm = msg.guild_id.is_none();
        let auto = !mentioned
            && !is_dm
            && bot.message_content
            && !bot.discord.auto_answer_channels.is_empty()
            && self.auto_answered_here(&ctx, msg.channel_id, msg.id).await;
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
        let text = trigger::strip_bot_mention(&msg.content, me.get(), bot_role.map(RoleId::get));
        let (guild, channel, id, author) = (msg.guild_id, msg.channel_id, msg.id, msg.author.id);
        drop(msg);
        self.ask(&ctx, guild, channel, id, author, text, auto, None)
            .await;
    }

    async fn message_update(
        &self,
        ctx: Context,
        _old: Option<Message>,
        _new: Option<Message>,
        event: MessageUpdateEvent,
    ) {
        let bot = &self.bot;
        let Some(&me) = bot.me.get() else {
            return;
        };
        // Discord also sends updates when it adds embeds (link previews) or pins a message:
        // only the author's edits (new edit time, with the text) can change a question.
        let (Some(content), Some(edited_at), Some(author)) =
            (&event.content, event.edited_timestamp, &event.author)
        else {
            return;
        };
        if !from_member(author, me) {
            return;
        }
        let mut key = std::collections::hash_map::DefaultHasher::new();
        (event.id.get(), edited_at.unix_timestamp(), content).hash(&mut key);
        if !bot.seen.first_time(key.finish()) {
            return; // the same edit delivered again
        }
        let mention_roles = event.mention_roles.as_deref().unwrap_or_default();
        let bot_role = self
            .bot_role(&ctx, event.guild_id, mention_roles, content)
            .await;
        let mentioned = event
            .mentions
            .as_deref()
            .is_some_and(|m| m.iter().any(|u| u.id == me))
            || trigger::mentions_bot(content, me.get())
            || bot_role.is_some_and(|r| {
                mention_roles.contains(&r) || trigger::mentions_role(content, r.get())
            });
        let text = trigger::strip_bot_mention(content, me.get(), bot_role.map(RoleId::get));
        let (guild, channel, id) = (event.guild_id, event.channel_id, event.id);
        match bot.answered.edited(id, &text) {
            OnEdit::Unchanged | OnEdit::Pending => {}
            OnEdit::NotAnswered => {
                // An edit that newly mentions the bot asks it (a DM's edit asks it too), once:
                // its message id counts as handled, so a late MESSAGE_CREATE of it is not
                // answered again.
                if (mentioned || guild.is_none()) && bot.seen.first_time(id.get()) {
                    tracing::info!(message = id.get(), "an edited message now asks the bot");
                    self.ask(&ctx, guild, channel, id, author.id, text, false, None)
                        .await;
                }
            }
            OnEdit::EditReply { channel, reply } => {
                let auto = !mentioned && guild.is_some();
                self.ask(&ctx, guild, channel, id, author.id, text, auto, Some(reply))
                    .await;
            }
        }
    }

    async fn interaction_create(&self, ctx: Context, interaction: Interaction) {
        let bot = &self.bot;
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
        let Some(shard_manager) = self.shard_manager.get() else {
            return; // set before the client starts
        };
        match interaction {
            Interaction::Command(cmd) => {
                interactions::command(self.framework(&ctx, shard_manager), &cmd).await
            }
            Interaction::Autocomplete(cmd) => {
                interactions::autocomplete(self.framework(&ctx, shard_manager), &cmd).await
            }
            Interaction::Component(click) => interactions::component(bot, &ctx, &click).await,
            Interaction::Modal(submit) => interactions::modal(bot, &ctx, &submit).await,
            _ => {}
        }
    }
}

/// Reports events that serenity could not read. serenity turns a malformed dispatch into
/// `Event::Unknown` and runs no handler; without this the member's question would vanish silently.
pub struct UnreadableEvents;

/// Dispatches the bot acts on: an unreadable one of these is a warning, any other a debug line.
const EVENTS_WE_HANDLE: &[&str] = &[
    "READY",
    "MESSAGE_CREATE",
    "MESSAGE_UPDATE",
    "INTERACTION_CREATE",
    "GUILD_CREATE",
    "THREAD_CREATE",
];

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
