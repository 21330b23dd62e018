//! A running bot (`faqbot::discord::run`) on a copy of the shipped FAQ, connected to its own
//! fake Discord. Include after `fake_discord`:
//!
//! ```ignore
//! #[path = "support/fake_discord.rs"]
//! mod fake_discord;
//! #[path = "support/test_bot.rs"]
//! mod test_bot;
//! ```

#![allow(dead_code)]

use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use faqbot::config::{Secret, Settings};
use faqbot::state::FaqState;
use serde_json::{json, Value};

use super::fake_discord::*;

pub const GUILD: u64 = 20;
pub const CHANNEL: u64 = 10;
pub const EPHEMERAL: u64 = 1 << 6;

pub struct TestBot {
    pub fake: FakeDiscord,
    pub state: Arc<FaqState>,
    pub faq: tempfile::TempDir,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    task: tokio::task::JoinHandle<Result<(), faqbot::discord::DiscordError>>,
}

/// A copy of the shipped FAQ folder.
pub fn copy_faq() -> tempfile::TempDir {
    let faq = tempfile::tempdir().unwrap();
    let shipped = Path::new(env!("CARGO_MANIFEST_DIR")).join("faq");
    for f in std::fs::read_dir(&shipped).unwrap() {
        let f = f.unwrap().path();
        std::fs::copy(&f, faq.path().join(f.file_name().unwrap())).unwrap();
    }
    faq
}

/// Starts the bot and waits until it registered its commands. `configure` changes the settings
/// (the per-member limit is off unless it sets one).
pub async fn start_bot(configure: impl FnOnce(&mut Settings)) -> TestBot {
    start_bot_with(|_| {}, configure).await
}

/// As [`start_bot`], with `prepare` run on the fake before the bot connects.
pub async fn start_bot_with(
    prepare: impl FnOnce(&FakeDiscord),
    configure: impl FnOnce(&mut Settings),
) -> TestBot {
    let fake = FakeDiscord::start().await;
    prepare(&fake);
    let faq = copy_faq();
    let (state, _) = FaqState::load(faq.path()).unwrap();
    let state = Arc::new(state);
    let mut settings = Settings::defaults();
    settings.discord.token = Some(Secret::new("fake-token"));
    settings.discord.proxy_url = fake.rest_url();
    settings.discord.questions_per_minute = 0.0;
    configure(&mut settings);
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let bot_state = state.clone();
    let task = tokio::spawn(async move {
        faqbot::discord::run(&settings, bot_state, async {
            let _ = stopped.await;
        })
        .await
    });
    fake.wait_ready().await;
    fake.wait_for_request(|r| r.method == "PUT", DEFAULT_TIMEOUT)
        .await;
    TestBot {
        fake,
        state,
        faq,
        stop: Some(stop),
        task,
    }
}

impl TestBot {
    /// Stops the bot and checks it shut down cleanly and sent only valid bodies.
    pub async fn stop(mut self) {
        self.stop.take().unwrap().send(()).unwrap();
        let result = tokio::time::timeout(Duration::from_secs(10), &mut self.task)
            .await
            .expect("the bot stops within 10 s of the shutdown signal")
            .expect("the bot task did not panic");
        assert!(result.is_ok(), "{result:?}");
        self.fake.assert_valid_requests();
    }

    /// The MESSAGE_CREATE of `author` mentioning the bot with `content` in [`CHANNEL`].
    pub fn mention_event(&self, author: Value, content: &str) -> Value {
        let content = format!("<@{BOT_ID}> {content}");
        message_create(
            fresh_id(),
            CHANNEL,
            Some(GUILD),
            author,
            &content,
            vec![bot_user()],
        )
    }

    /// Mentions the bot; returns the message id.
    pub fn mention(&self, author: Value, content: &str) -> u64 {
        let event = self.mention_event(author, content);
        let id = event["id"].as_str().unwrap().parse().unwrap();
        self.fake.dispatch("MESSAGE_CREATE", event);
        id
    }

    /// The first successful message POST in `channel` at or after request `after`.
    pub async fn next_message(&self, channel: u64, after: usize) -> RecordedRequest {
        let route = format!("/channels/{channel}/messages");
        self.fake
            .wait_for_request(
                move |r| r.index >= after && r.is("POST", &route) && r.status == 200,
                DEFAULT_TIMEOUT,
            )
            .await
    }

    /// The first successful interaction callback at or after request `after`.
    pub async fn callback(&self, after: usize) -> RecordedRequest {
        self.fake
            .wait_for_request(
                |r| {
                    r.index >= after
                        && r.is("POST", "/interactions/*/*/callback")
                        && r.status == 204
                },
                DEFAULT_TIMEOUT,
            )
            .await
    }

    /// Runs a slash command; returns the body of the bot's (successful) callback.
    pub async fn command(&self, inv: &Invoker, name: &str, options: Vec<Value>) -> Value {
        let mark = self.fake.mark();
        self.fake.dispatch(
            "INTERACTION_CREATE",
            interaction_command(inv, name, options),
        );
        self.callback(mark).await.json().clone()
    }

    /// Requests at or after `after` matching `method` and `route_pattern`.
    pub fn count(&self, after: usize, method: &str, route_pattern: &str) -> usize {
        self.fake
            .requests()
            .iter()
            .filter(|r| r.index >= after && r.is(method, route_pattern))
            .count()
    }
}

/// An ordinary member (no moderator permission) in [`GUILD`].
pub fn member(perms: u64) -> Invoker {
    Invoker::guild_member(GUILD, CHANNEL, user(42, "alice"), perms)
}

/// Asserts that a message body can ping no one.
pub fn assert_pings_nobody(body: &Value) {
    let am = &body["allowed_mentions"];
    assert_eq!(am["parse"], json!([]), "{body}");
    assert_eq!(am["users"], json!([]), "{body}");
    assert_eq!(am["roles"], json!([]), "{body}");
    assert_ne!(am["replied_user"], json!(true), "{body}");
}
