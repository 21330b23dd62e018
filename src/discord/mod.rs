//! The Discord transport: the only module that knows serenity.
//!
//! [`run`] connects with the configured token (through `discord.proxy_url` when set, with
//! serenity's rate limiter off), runs the configured shards, and stops cleanly when the
//! `shutdown` future completes. [`bot::Bot`] is what every part shares. Events are handled in
//! [`handler`]; slash commands are poise functions listed in one table in [`commands`];
//! [`render`] turns replies into embeds and buttons with every mention disabled; [`checks`]
//! decides who is a moderator; [`feedback`] records gaps, answers given and votes; [`audit`]
//! reports FAQ changes made from Discord.
//!
//! Where members ask: [`trigger`] finds the question in a message (mentions of the bot or its
//! role), [`places`] knows threads' parents, forums and the bot's role, [`answered`] remembers
//! replies so that edited questions get edited answers; what a message asks is answered as a
//! turn of a conversation ([`crate::conversation`]: several questions, follow-ups).
//!
//! Surviving Discord: [`dedup`] handles each event once, [`workers`] bounds the work in flight
//! (questions from messages are answered by [`questions`]), [`deliver`] sends every reply with
//! the retries [`retry`] decides, on one shared connection pool; [`respond`] answers an
//! interaction the way its state needs (first response, deferral, edit, follow-up). Gateway
//! reconnection with backoff and RESUME is in the patched serenity
//! (`vendor/serenity/PATCHES.md`).

pub mod answered;
pub mod audit;
pub mod bot;
pub mod checks;
pub mod commands;
pub mod dedup;
pub mod deliver;
pub mod feedback;
pub mod handler;
pub mod invite;
pub mod places;
pub mod questions;
pub mod render;
pub mod respond;
pub mod retry;
pub mod trigger;
pub mod workers;

use std::future::Future;
use std::sync::{Arc, OnceLock};
use std::time::Duration;

use serenity::all::{ClientBuilder, GatewayError, GatewayIntents, HttpBuilder};

use crate::config::{Settings, Shards};
use crate::faq_edit::Editor;
use crate::state::FaqState;
use crate::store::Store;
use bot::Bot;
use handler::Handler;
use workers::WorkQueue;

/// How long the shards get to close after the shutdown signal.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(4);
/// How long replies being prepared get to go out after the shards closed.
const DRAIN_ON_SHUTDOWN: Duration = Duration::from_secs(2);

/// Why the Discord client stopped with an error. Never contains the token.
#[derive(Debug, thiserror::Error)]
pub enum DiscordError {
    /// No token configured.
    #[error("no Discord token configured (set DISCORD_TOKEN)")]
    NoToken,
    /// `discord.proxy_url` is not an http(s) URL.
    #[error("discord.proxy_url must start with http:// or https:// (got {0:?})")]
    BadProxy(String),
    /// Discord refused the token.
    #[error("Discord refused the token (invalid authentication); check DISCORD_TOKEN")]
    InvalidToken,
    /// Any other client error.
    #[error("Discord client error: {0}")]
    Client(String),
    /// `database.url` cannot be read (an unavailable database is not an error: see [`Store`]).
    #[error("{0}")]
    Store(#[from] crate::store::StoreError),
}

/// The intents the bot needs; Message Content only for auto-answer channels.
pub fn intents(message_content: bool) -> GatewayIntents {
    let base =
        GatewayIntents::GUILDS | GatewayIntents::GUILD_MESSAGES | GatewayIntents::DIRECT_MESSAGES;
    if message_content {
        base | GatewayIntents::MESSAGE_CONTENT
    } else {
        base
    }
}

/// Connects to Discord and serves the FAQ until `shutdown` completes.
///
/// If auto-answer channels are configured, the privileged Message Content intent is requested;
/// when Discord refuses it, one line is logged and the bot carries on without it (mentions, DMs
/// and slash commands work without it).
pub async fn run(
    settings: &Settings,
    state: Arc<FaqState>,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> Result<(), DiscordError> {
    let store = Store::open(&settings.database)?;
    let result = run_with_store(settings, state, store.clone(), shutdown).await;
    // Writes still queued (the last questions' gaps and counts) get a moment to land.
    let _ = tokio::time::timeout(std::time::Duration::from_secs(2), store.flush()).await;
    result
}

/// [`run`] with a store opened by the caller (tests keep a handle on it). Old rows are deleted
/// by the retention task while the bot runs.
pub async fn run_with_store(
    settings: &Settings,
    state: Arc<FaqState>,
    store: Store,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> Result<(), DiscordError> {
    let _retention = AbortOnDrop(store.spawn_retention(settings.database.retention_days));
    tracing::info!(
        backend = store.kind(),
        "recording unanswered questions, answers given and votes"
    );
    let editor = Arc::new(Editor::new(state.dir(), settings.matching));
    let token = settings.token().ok_or(DiscordError::NoToken)?.clone();
    // serenity puts the proxy in place of "https://discord.com", so no trailing slash.
    let proxy = settings
        .discord
        .proxy_url
        .trim()
        .trim_end_matches('/')
        .to_string();
    if !(proxy.is_empty() || proxy.starts_with("http://") || proxy.starts_with("https://")) {
        return Err(DiscordError::BadProxy(proxy));
    }
    let (stop_tx, stop_rx) = tokio::sync::watch::channel(false);
    tokio::spawn(async move {
        shutdown.await;
        let _ = stop_tx.send(true);
    });

    // One connection pool for every REST call, kept to about the work in flight.
    let pool = deliver::http_client(settings.discord.max_in_flight * 2);
    let replies = deliver::Replies::new(pool.clone(), retry::RetryPolicy::default());
    let mut message_content = !settings.discord.auto_answer_channels.is_empty();
    loop {
        let http = if proxy.is_empty() {
            HttpBuilder::new(token.expose())
                .client(pool.clone())
                .build()
        } else {
            // serenity's rate limiter ignores the proxy, and the proxy shares rate limits anyway;
            // replies still wait out the proxy's 429s (see `deliver`).
            HttpBuilder::new(token.expose())
                .client(pool.clone())
                .proxy(proxy.as_str())
                .ratelimiter_disabled(true)
                .build()
        };
        let bot = Arc::new(Bot::new(
            state.clone(),
            settings.matching,
            settings.discord.clone(),
            message_content,
            store.clone(),
            editor.clone(),
            replies.clone(),
        ));
        // Questions from messages (and their edits), answered `max_in_flight` at a time.
        let questions = Arc::new(WorkQueue::new(
            settings.discord.queue_capacity,
            settings.discord.max_in_flight,
            questions::answer,
        ));
        let shard_manager = Arc::new(OnceLock::new());
        let handler = Handler::new(bot.clone(), questions.clone(), shard_manager.clone());
        let mut client = ClientBuilder::new_with_http(http, intents(message_content))
            .event_handler(handler)
            .raw_event_handler(handler::UnreadableEvents)
            .await
            .map_err(|e| DiscordError::Client(e.to_string()))?;
        let _ = shard_manager.set(client.shard_manager.clone());

        let manager = client.shard_manager.clone();
        let mut stop = stop_rx.clone();
        let stopper = tokio::spawn(async move {
            let _ = stop.wait_for(|stopped| *stopped).await;
            tracing::info!("shutting down");
            manager.shutdown_all().await;
        });
        let start = async {
            match &settings.discord.shards {
                // Ask Discord how many shards it recommends; a gateway that doesn't say (some
                // proxies and test servers only serve `/gateway`) gets one shard.
                Shards::Auto(_) => match client.http.get_bot_gateway().await {
                    Ok(gateway) => client.start_shards(gateway.shards.max(1)).await,
                    Err(e) => {
                        tracing::warn!(
                            "could not get the recommended shard count ({e}); running one shard"
                        );
                        client.start().await
                    }
                },
                Shards::Range { total, first, last } => {
                    client.start_shard_range(*first..*last + 1, *total).await
                }
            }
        };
        // Once asked to stop, the shards get a few seconds to close; then the bot stops anyway.
        let mut stopping = stop_rx.clone();
        let grace = async move {
            let _ = stopping.wait_for(|stopped| *stopped).await;
            tokio::time::sleep(SHUTDOWN_GRACE).await;
        };
        let result = tokio::select! {
            result = start => result,
            () = grace => {
                tracing::warn!("the gateway did not close within {SHUTDOWN_GRACE:?}; stopping anyway");
                Ok(())
            }
        };
        stopper.abort();
        if *stop_rx.borrow() {
            // Replies already being prepared are still sent, briefly.
            if !questions.drain(DRAIN_ON_SHUTDOWN).await {
                tracing::warn!(
                    queued = questions.queued(),
                    "stopped with questions still unanswered"
                );
            }
            return Ok(());
        }
        match result {
            Ok(()) => return Ok(()),
            Err(serenity::Error::Gateway(GatewayError::DisallowedGatewayIntents))
                if message_content =>
            {
                tracing::warn!("Discord refused the Message Content intent: auto-answer channels are off; mentions, DMs and slash commands still work (enable the intent in the Developer Portal to use them)");
                message_content = false;
            }
            Err(serenity::Error::Gateway(GatewayError::InvalidAuthentication)) => {
                return Err(DiscordError::InvalidToken)
            }
            Err(e) => return Err(DiscordError::Client(e.to_string())),
        }
    }
}

/// Stops a background task when the bot stops.
struct AbortOnDrop(tokio::task::JoinHandle<()>);

impl Drop for AbortOnDrop {
    fn drop(&mut self) {
        self.0.abort();
    }
}
