//! [`Bot`]: everything the event handler, the commands and the workers share. It depends on no
//! other part of `discord/` that uses it, so nothing imports in a circle through it.

use std::sync::atomic::AtomicBool;
use std::sync::{Arc, OnceLock};
use std::time::Duration;

use serenity::all::{Http, InteractionId, UserId};

use super::answered::Answered;
use super::dedup::Seen;
use super::deliver::Replies;
use super::places::Places;
use super::respond::{Responder, ResponseState};
use crate::config::DiscordSettings;
use crate::conversation::FollowUps;
use crate::cooldown::Cooldown;
use crate::faq_edit::Editor;
use crate::limiter::QuestionLimiter;
use crate::matcher::Thresholds;
use crate::state::FaqState;
use crate::store::Store;

/// Message and interaction ids remembered to handle each event once (about 1.5 MB).
const SEEN_IDS: usize = 65_536;
/// Questions whose replies are remembered so that an edit of the question edits its reply.
const ANSWERED: usize = 10_000;

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
    pub registered: AtomicBool,
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
    /// Interactions handled at once (each one's task waits for a permit).
    pub interactions: tokio::sync::Semaphore,
    /// The role each member was last answered about, per channel (follow-ups).
    pub follow_ups: FollowUps,
    /// Threads' parents, forum channels and the bot's managed role in each server.
    pub places: Places,
    /// The replies to recent questions, for edits of the questions.
    pub answered: Answered,
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
        replies: Replies,
    ) -> Bot {
        let limiter = QuestionLimiter::new(discord.questions_per_minute, discord.question_burst);
        let auto_answered = Cooldown::new(Duration::from_secs(discord.auto_answer_cooldown_secs));
        let interactions = tokio::sync::Semaphore::new(discord.max_in_flight.max(1));
        let follow_ups = FollowUps::new(
            Duration::from_secs(discord.follow_up_window_secs),
            crate::conversation::follow_up::DEFAULT_CAPACITY,
        );
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
            interactions,
            follow_ups,
            places: Places::default(),
            answered: Answered::new(ANSWERED),
        }
    }

    /// A responder for the interaction `id` with `token` (a button, a form, an autocomplete:
    /// what poise does not dispatch), with its own response state.
    pub fn responder(&self, http: &Arc<Http>, id: InteractionId, token: &str) -> Responder {
        Responder::new(
            self.replies.clone(),
            http.clone(),
            id,
            token,
            Arc::new(ResponseState::default()),
        )
    }
}
