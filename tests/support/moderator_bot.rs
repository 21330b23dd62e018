//! A bot for the moderator workflow tests: a copy of the shipped FAQ (checks on) and its own
//! SQLite file, run by `faqbot::discord::run_with_store` against the fake Discord, with helpers
//! for `/faq` subcommands, forms, deferred results and mentions.
//!
//! Include it after the fake: `#[path = "support/fake_discord.rs"] mod fake_discord;` then
//! `#[path = "support/moderator_bot.rs"] mod moderator_bot;`.

#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use crate::fake_discord::*;
use faqbot::config::{Secret, Settings};
use faqbot::state::FaqState;
use faqbot::store::Store;
use serde_json::{json, Value};

pub const GUILD: u64 = 20;
pub const CHANNEL: u64 = 10;
pub const AUDIT: u64 = 77;
pub const EPHEMERAL: u64 = 1 << 6;

/// A running bot on a copy of the shipped FAQ (checks on), with its own SQLite file.
pub struct TestBot {
    pub fake: FakeDiscord,
    pub state: Arc<FaqState>,
    pub store: Store,
    pub faq: tempfile::TempDir,
    pub data: tempfile::TempDir,
    pub stop: Option<tokio::sync::oneshot::Sender<()>>,
    pub task: tokio::task::JoinHandle<Result<(), faqbot::discord::DiscordError>>,
}

pub fn db_file(data: &Path) -> std::path::PathBuf {
    data.join("db/faqbot.db")
}

pub async fn start(configure: impl FnOnce(&mut Settings, &Path)) -> TestBot {
    let data = tempfile::tempdir().unwrap();
    start_in(data, configure).await
}

/// Starts the bot with its database in `data` (which may already hold rows).
pub async fn start_in(
    data: tempfile::TempDir,
    configure: impl FnOnce(&mut Settings, &Path),
) -> TestBot {
    let fake = FakeDiscord::start().await;
    let faq = tempfile::tempdir().unwrap();
    let shipped = Path::new(env!("CARGO_MANIFEST_DIR")).join("faq");
    for f in std::fs::read_dir(&shipped).unwrap() {
        let f = f.unwrap().path();
        std::fs::copy(&f, faq.path().join(f.file_name().unwrap())).unwrap();
    }
    let mut settings = Settings::defaults();
    settings.discord.token = Some(Secret::new("fake-token"));
    settings.discord.proxy_url = fake.rest_url();
    settings.discord.questions_per_minute = 0.0;
    settings.discord.audit_channel = AUDIT;
    settings.database.path = db_file(data.path());
    configure(&mut settings, data.path());
    let (state, _) = FaqState::load(faq.path()).unwrap();
    let state = Arc::new(state.with_checks(settings.matching));
    let store = Store::open(&settings.database).unwrap();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let (bot_state, bot_store) = (state.clone(), store.clone());
    let task = tokio::spawn(async move {
        faqbot::discord::run_with_store(&settings, bot_state, bot_store, async {
            let _ = stopped.await;
        })
        .await
    });
    let bot = TestBot {
        fake,
        state,
        store,
        faq,
        data,
        stop: Some(stop),
        task,
    };
    bot.fake.wait_ready().await;
    bot.fake
        .wait_for_request(|r| r.method == "PUT", DEFAULT_TIMEOUT)
        .await;
    bot
}

impl TestBot {
    pub async fn stop(mut self) {
        self.stop.take().unwrap().send(()).unwrap();
        let result = tokio::time::timeout(Duration::from_secs(10), &mut self.task)
            .await
            .expect("the bot stops within 10 s")
            .expect("the bot task did not panic");
        assert!(result.is_ok(), "{result:?}");
        self.fake.assert_valid_requests();
    }

    pub fn topic_file(&self, topic: &str) -> std::path::PathBuf {
        self.faq.path().join(format!("{topic}.toml"))
    }

    /// Dispatches an interaction and returns its payload and the bot's callback body.
    pub async fn interact(&self, payload: Value) -> (Value, Value) {
        let mark = self.fake.mark();
        self.fake.dispatch("INTERACTION_CREATE", payload.clone());
        let callback = self
            .fake
            .wait_for_request(
                |r| r.index >= mark && r.is("POST", "/interactions/*/*/callback"),
                DEFAULT_TIMEOUT,
            )
            .await;
        (payload, callback.json().clone())
    }

    /// `/faq <sub> options…`: the callback body.
    pub async fn faq(&self, inv: &Invoker, sub: &str, options: Vec<Value>) -> (Value, Value) {
        self.interact(interaction_command(
            inv,
            "faq",
            vec![opt_subcommand(sub, options)],
        ))
        .await
    }

    /// The edit of a deferred (or updated) response to the interaction of `payload`.
    pub async fn edited(&self, payload: &Value) -> Value {
        let route = format!(
            "/webhooks/{BOT_ID}/{}/messages/@original",
            payload["token"].as_str().unwrap()
        );
        self.fake
            .wait_for_request(|r| r.is("PATCH", &route), Duration::from_secs(20))
            .await
            .json()
            .clone()
    }

    /// Submits a form; returns the result shown to the moderator (after the deferral).
    pub async fn submit(
        &self,
        inv: &Invoker,
        custom_id: &str,
        fields: &BTreeMap<String, String>,
    ) -> Value {
        let pairs: Vec<(&str, &str)> = fields
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        let (payload, callback) = self
            .interact(interaction_modal_submit(inv, custom_id, &pairs))
            .await;
        if callback["type"] == 4 {
            return callback["data"].clone(); // refused at once
        }
        assert_eq!(callback["type"], 5, "{callback}");
        assert_eq!(
            callback["data"]["flags"].as_u64().unwrap_or(0) & EPHEMERAL,
            EPHEMERAL
        );
        self.edited(&payload).await
    }

    pub async fn mention(&self, author: Value, text: &str) -> Value {
        let mark = self.fake.mark();
        let content = format!("<@{BOT_ID}> {text}");
        self.fake.dispatch(
            "MESSAGE_CREATE",
            message_create(
                fresh_id(),
                CHANNEL,
                Some(GUILD),
                author,
                &content,
                vec![bot_user()],
            ),
        );
        let route = format!("/channels/{CHANNEL}/messages");
        self.fake
            .wait_for_request(|r| r.index >= mark && r.is("POST", &route), DEFAULT_TIMEOUT)
            .await
            .json()
            .clone()
    }
}

pub fn moderator() -> Invoker {
    Invoker::guild_member(
        GUILD,
        CHANNEL,
        user(42, "mod"),
        MEMBER_PERMISSIONS | MANAGE_GUILD,
    )
}

pub fn other_moderator() -> Invoker {
    Invoker::guild_member(
        GUILD,
        CHANNEL,
        user(44, "mod2"),
        MEMBER_PERMISSIONS | MANAGE_GUILD,
    )
}

pub fn member(id: u64) -> Invoker {
    Invoker::guild_member(GUILD, CHANNEL, user(id, "member"), MEMBER_PERMISSIONS)
}

/// The form of a modal callback: (custom id, field → value).
pub fn form_of(callback: &Value) -> (String, BTreeMap<String, String>) {
    assert_eq!(callback["type"], 9, "expected a form: {callback}");
    let data = &callback["data"];
    let fields = data["components"]
        .as_array()
        .unwrap()
        .iter()
        .map(|row| {
            let input = &row["components"][0];
            (
                input["custom_id"].as_str().unwrap().to_string(),
                input["value"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect();
    (data["custom_id"].as_str().unwrap().to_string(), fields)
}

/// Everything a message shows, as one string.
pub fn text_of(body: &Value) -> String {
    let mut out = body["content"].as_str().unwrap_or("").to_string();
    for e in body["embeds"].as_array().into_iter().flatten() {
        for key in ["title", "description"] {
            out.push('\n');
            out.push_str(e[key].as_str().unwrap_or(""));
        }
    }
    out
}

pub fn assert_pings_nobody(body: &Value) {
    let am = &body["allowed_mentions"];
    assert_eq!(am["parse"], json!([]), "{body}");
    assert_eq!(am["users"], json!([]), "{body}");
    assert_eq!(am["roles"], json!([]), "{body}");
}

/// The file's text before and after the `[[entry]]` table of `id`.
pub fn around_entry(text: &str, id: &str) -> (String, String) {
    let at = text.find(&format!("id = \"{id}\"")).unwrap();
    let start = text[..at].rfind("[[entry]]").unwrap();
    let end = text[at..].find("[[entry]]").map_or(text.len(), |i| at + i);
    (text[..start].to_string(), text[end..].to_string())
}
