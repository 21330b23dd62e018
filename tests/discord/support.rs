//! The one `TestBot`: a running bot (`faqbot::discord::run_with_store`) on a copy of the shipped
//! FAQ (its `checks.txt` on, as `faqbot run` has it) with its own SQLite file in a temporary
//! folder, connected to its own fake Discord; and helpers to talk to it as members and
//! moderators do.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use fake_discord::*;
use faqbot::config::{Secret, Settings};
use faqbot::state::FaqState;
use faqbot::store::Store;
use serde_json::{json, Value};

pub const GUILD: u64 = 20;
pub const CHANNEL: u64 = 10;
pub const AUDIT: u64 = 77;
pub const EPHEMERAL: u64 = 1 << 6;

/// A running bot with its fake Discord, FAQ folder and database.
pub struct TestBot {
    pub fake: FakeDiscord,
    pub state: Arc<FaqState>,
    pub store: Store,
    pub faq: tempfile::TempDir,
    pub data: tempfile::TempDir,
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

/// The SQLite file of a bot whose data folder is `data`.
pub fn db_file(data: &Path) -> PathBuf {
    data.join("db/faqbot.db")
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
    let bot = launch(fake, tempfile::tempdir().unwrap(), |s, _| configure(s)).await;
    bot.settled().await
}

/// As [`start_bot`], with the data folder given to `configure` (to point the database elsewhere).
pub async fn start(configure: impl FnOnce(&mut Settings, &Path)) -> TestBot {
    start_in(tempfile::tempdir().unwrap(), configure).await
}

/// Starts the bot with its database in `data` (which may already hold rows).
pub async fn start_in(
    data: tempfile::TempDir,
    configure: impl FnOnce(&mut Settings, &Path),
) -> TestBot {
    launch(FakeDiscord::start().await, data, configure)
        .await
        .settled()
        .await
}

/// Starts the bot against `fake` without waiting for anything.
pub async fn launch(
    fake: FakeDiscord,
    data: tempfile::TempDir,
    configure: impl FnOnce(&mut Settings, &Path),
) -> TestBot {
    let faq = copy_faq();
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
    TestBot {
        fake,
        state,
        store,
        faq,
        data,
        stop: Some(stop),
        task,
    }
}

impl TestBot {
    /// Waits for READY and the command registration, so tests start from a settled bot.
    async fn settled(self) -> TestBot {
        self.fake.wait_ready().await;
        self.fake
            .wait_for_request(|r| r.method == "PUT", DEFAULT_TIMEOUT)
            .await;
        self
    }

    /// Stops the bot (as Ctrl-C would) and checks it shut down cleanly and sent only valid
    /// bodies.
    pub async fn stop(mut self) {
        self.stop.take().unwrap().send(()).unwrap();
        let result = tokio::time::timeout(Duration::from_secs(10), &mut self.task)
            .await
            .expect("the bot stops within 10 s of the shutdown signal")
            .expect("the bot task did not panic");
        assert!(result.is_ok(), "{result:?}");
        self.fake.assert_valid_requests();
    }

    pub fn topic_file(&self, topic: &str) -> PathBuf {
        self.faq.path().join(format!("{topic}.toml"))
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

    /// Mentions the bot in [`CHANNEL`]; returns the message id.
    pub fn mention(&self, author: Value, content: &str) -> u64 {
        let event = self.mention_event(author, content);
        let id = event["id"].as_str().unwrap().parse().unwrap();
        self.fake.dispatch("MESSAGE_CREATE", event);
        id
    }

    /// Mentions the bot and returns the body of its reply in the channel.
    pub async fn mention_reply(&self, author: Value, content: &str) -> Value {
        let mark = self.fake.mark();
        self.mention(author, content);
        self.next_message(CHANNEL, mark).await.json().clone()
    }

    /// Sends `content` (no mention) as `author` in `channel` of [`GUILD`]; returns the message id.
    pub fn say(&self, channel: u64, author: Value, content: &str) -> u64 {
        let id = fresh_id();
        self.fake.dispatch(
            "MESSAGE_CREATE",
            message_create(id, channel, Some(GUILD), author, content, vec![]),
        );
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
        self.interact(interaction_command(inv, name, options))
            .await
            .1
    }

    /// Runs a slash command; returns what the member finally sees: the callback's message, or
    /// after a deferral, the edit of the deferred response.
    pub async fn command_result(&self, inv: &Invoker, name: &str, options: Vec<Value>) -> Value {
        self.shown(interaction_command(inv, name, options)).await
    }

    /// Dispatches an interaction; returns what the member finally sees (see
    /// [`Self::command_result`]).
    pub async fn shown(&self, payload: Value) -> Value {
        let (payload, callback) = self.interact(payload).await;
        if callback["type"] == 5 {
            self.edited(&payload).await
        } else {
            callback["data"].clone()
        }
    }

    /// Requests at or after `after` matching `method` and `route_pattern`.
    pub fn count(&self, after: usize, method: &str, route_pattern: &str) -> usize {
        self.fake
            .requests()
            .iter()
            .filter(|r| r.index >= after && r.is(method, route_pattern))
            .count()
    }

    /// Dispatches an interaction and returns its payload and the bot's callback body.
    pub async fn interact(&self, payload: Value) -> (Value, Value) {
        let mark = self.fake.mark();
        self.fake.dispatch("INTERACTION_CREATE", payload.clone());
        let callback = self.callback(mark).await;
        (payload, callback.json().clone())
    }

    /// `/faq <sub> options…`: the payload and the callback body.
    pub async fn faq(&self, inv: &Invoker, sub: &str, options: Vec<Value>) -> (Value, Value) {
        self.interact(interaction_command(
            inv,
            "faq",
            vec![opt_subcommand(sub, options)],
        ))
        .await
    }

    /// `/faq <sub> options…`: what the member finally sees (after a deferral, the edit).
    pub async fn faq_result(&self, inv: &Invoker, sub: &str, options: Vec<Value>) -> Value {
        self.shown(interaction_command(
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
}

/// A member of [`GUILD`] (user 42, alice) with these permissions.
pub fn member(perms: u64) -> Invoker {
    Invoker::guild_member(GUILD, CHANNEL, user(42, "alice"), perms)
}

/// An ordinary member of [`GUILD`] with this user id.
pub fn member_id(id: u64) -> Invoker {
    Invoker::guild_member(GUILD, CHANNEL, user(id, "member"), MEMBER_PERMISSIONS)
}

/// A moderator (Manage Server), user 42.
pub fn moderator() -> Invoker {
    Invoker::guild_member(
        GUILD,
        CHANNEL,
        user(42, "mod"),
        MEMBER_PERMISSIONS | MANAGE_GUILD,
    )
}

/// Another moderator, user 44.
pub fn other_moderator() -> Invoker {
    Invoker::guild_member(
        GUILD,
        CHANNEL,
        user(44, "mod2"),
        MEMBER_PERMISSIONS | MANAGE_GUILD,
    )
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

/// Asserts that a message body can ping no one.
pub fn assert_pings_nobody(body: &Value) {
    let am = &body["allowed_mentions"];
    assert_eq!(am["parse"], json!([]), "{body}");
    assert_eq!(am["users"], json!([]), "{body}");
    assert_eq!(am["roles"], json!([]), "{body}");
    assert_ne!(am["replied_user"], json!(true), "{body}");
}

/// The file's text before and after the `[[entry]]` table of `id`.
pub fn around_entry(text: &str, id: &str) -> (String, String) {
    let at = text.find(&format!("id = \"{id}\"")).unwrap();
    let start = text[..at].rfind("[[entry]]").unwrap();
    let end = text[at..].find("[[entry]]").map_or(text.len(), |i| at + i);
    (text[..start].to_string(), text[end..].to_string())
}
