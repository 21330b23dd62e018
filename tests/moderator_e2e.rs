//! The moderator workflow end to end, through the real serenity client against the fake Discord:
//! editing, adding and removing entries from Discord (forms, conflicts, refusals, the audit
//! message), gaps, votes and stats, retention, and a database that fails while members ask.

#[path = "support/fake_discord.rs"]
mod fake_discord;

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use fake_discord::*;
use faqbot::config::{Secret, Settings};
use faqbot::state::FaqState;
use faqbot::store::{self, AskedQuestion, Missed, Store, DAY};
use serde_json::{json, Value};

const GUILD: u64 = 20;
const CHANNEL: u64 = 10;
const AUDIT: u64 = 77;
const EPHEMERAL: u64 = 1 << 6;

/// A running bot on a copy of the shipped FAQ (checks on), with its own SQLite file.
struct TestBot {
    fake: FakeDiscord,
    state: Arc<FaqState>,
    store: Store,
    faq: tempfile::TempDir,
    _data: tempfile::TempDir,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    task: tokio::task::JoinHandle<Result<(), faqbot::discord::DiscordError>>,
}

fn db_file(data: &Path) -> std::path::PathBuf {
    data.join("db/faqbot.db")
}

async fn start(configure: impl FnOnce(&mut Settings, &Path)) -> TestBot {
    let data = tempfile::tempdir().unwrap();
    start_in(data, configure).await
}

/// Starts the bot with its database in `data` (which may already hold rows).
async fn start_in(
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
    settings.discord.user_cooldown_secs = 0.0;
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
        _data: data,
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
    async fn stop(mut self) {
        self.stop.take().unwrap().send(()).unwrap();
        let result = tokio::time::timeout(Duration::from_secs(10), &mut self.task)
            .await
            .expect("the bot stops within 10 s")
            .expect("the bot task did not panic");
        assert!(result.is_ok(), "{result:?}");
        self.fake.assert_valid_requests();
    }

    fn topic_file(&self, topic: &str) -> std::path::PathBuf {
        self.faq.path().join(format!("{topic}.toml"))
    }

    /// Dispatches an interaction and returns its payload and the bot's callback body.
    async fn interact(&self, payload: Value) -> (Value, Value) {
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
    async fn faq(&self, inv: &Invoker, sub: &str, options: Vec<Value>) -> (Value, Value) {
        self.interact(interaction_command(
            inv,
            "faq",
            vec![opt_subcommand(sub, options)],
        ))
        .await
    }

    /// The edit of a deferred (or updated) response to the interaction of `payload`.
    async fn edited(&self, payload: &Value) -> Value {
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
    async fn submit(
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

    async fn mention(&self, author: Value, text: &str) -> Value {
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

fn moderator() -> Invoker {
    Invoker::guild_member(
        GUILD,
        CHANNEL,
        user(42, "mod"),
        MEMBER_PERMISSIONS | MANAGE_GUILD,
    )
}

fn other_moderator() -> Invoker {
    Invoker::guild_member(
        GUILD,
        CHANNEL,
        user(44, "mod2"),
        MEMBER_PERMISSIONS | MANAGE_GUILD,
    )
}

fn member(id: u64) -> Invoker {
    Invoker::guild_member(GUILD, CHANNEL, user(id, "member"), MEMBER_PERMISSIONS)
}

/// The form of a modal callback: (custom id, field → value).
fn form_of(callback: &Value) -> (String, BTreeMap<String, String>) {
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
fn text_of(body: &Value) -> String {
    let mut out = body["content"].as_str().unwrap_or("").to_string();
    for e in body["embeds"].as_array().into_iter().flatten() {
        for key in ["title", "description"] {
            out.push('\n');
            out.push_str(e[key].as_str().unwrap_or(""));
        }
    }
    out
}

fn assert_pings_nobody(body: &Value) {
    let am = &body["allowed_mentions"];
    assert_eq!(am["parse"], json!([]), "{body}");
    assert_eq!(am["users"], json!([]), "{body}");
    assert_eq!(am["roles"], json!([]), "{body}");
}

/// The file's text before and after the `[[entry]]` table of `id`.
fn around_entry(text: &str, id: &str) -> (String, String) {
    let at = text.find(&format!("id = \"{id}\"")).unwrap();
    let start = text[..at].rfind("[[entry]]").unwrap();
    let end = text[at..].find("[[entry]]").map_or(text.len(), |i| at + i);
    (text[..start].to_string(), text[end..].to_string())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_edit_form_round_trips_into_the_file_and_is_announced_without_pings() {
    let bot = start(|_, _| {}).await;
    let id = "mlt-degree-length";
    let (_, form) = bot.faq(&moderator(), "edit", vec![opt_str("id", id)]).await;
    let (custom_id, mut fields) = form_of(&form);
    assert!(
        custom_id.starts_with("faq:edit:mlt-degree-length:"),
        "{custom_id}"
    );
    let entry = bot.state.index().corpus().entry(id).unwrap().clone();
    assert_eq!(fields["question"], entry.question);
    assert_eq!(fields["alternates"], entry.alternates.join("\n"));
    assert_eq!(fields["answer"], entry.answer);
    assert_eq!(fields["source"], entry.source.clone().unwrap());

    let file = bot.topic_file("education");
    let before = std::fs::read_to_string(&file).unwrap();
    fields
        .get_mut("answer")
        .unwrap()
        .push_str("\n\nPart-time programs take longer.");
    let result = bot.submit(&moderator(), &custom_id, &fields).await;
    assert!(
        text_of(&result).contains("✅ `mlt-degree-length` edited"),
        "{result}"
    );
    assert_pings_nobody(&result);

    let after = std::fs::read_to_string(&file).unwrap();
    assert_eq!(
        around_entry(&before, id),
        around_entry(&after, id),
        "only the entry changed"
    );
    assert!(
        after.starts_with("# FAQ entries about education"),
        "comments kept"
    );
    assert!(after.contains("Part-time programs take longer.\n\"\"\""));

    let (_, shown) = bot.faq(&member(50), "show", vec![opt_str("id", id)]).await;
    assert!(text_of(&shown["data"]).contains("Part-time programs take longer."));

    let audit = bot
        .fake
        .wait_for_request(
            |r| r.is("POST", &format!("/channels/{AUDIT}/messages")),
            DEFAULT_TIMEOUT,
        )
        .await
        .json()
        .clone();
    let content = audit["content"].as_str().unwrap();
    assert!(
        content.contains("`mlt-degree-length` edited by <@42> (mod)"),
        "{content}"
    );
    assert!(
        content.contains("education.toml") && content.contains("<t:"),
        "{content}"
    );
    assert_eq!(audit["embeds"][0]["title"], "Before");
    assert!(!audit["embeds"][0]["description"]
        .as_str()
        .unwrap()
        .contains("Part-time"));
    assert_eq!(audit["embeds"][1]["title"], "After");
    assert!(audit["embeds"][1]["description"]
        .as_str()
        .unwrap()
        .contains("Part-time"));
    assert_pings_nobody(&audit);
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_second_moderator_submitting_a_stale_form_gets_a_conflict_not_an_overwrite() {
    let bot = start(|_, _| {}).await;
    let id = "mlt-degree-length";
    let (_, first_form) = bot.faq(&moderator(), "edit", vec![opt_str("id", id)]).await;
    let (_, second_form) = bot
        .faq(&other_moderator(), "edit", vec![opt_str("id", id)])
        .await;
    let (first_id, mut first) = form_of(&first_form);
    let (second_id, mut second) = form_of(&second_form);
    assert_eq!(first_id, second_id, "same entry, same version");

    first
        .get_mut("answer")
        .unwrap()
        .push_str(" First moderator's sentence.");
    second
        .get_mut("answer")
        .unwrap()
        .push_str(" Second moderator's sentence.");
    let ok = bot.submit(&moderator(), &first_id, &first).await;
    assert!(text_of(&ok).contains("✅"), "{ok}");
    let conflict = bot.submit(&other_moderator(), &second_id, &second).await;
    let text = text_of(&conflict);
    assert!(
        text.contains("was changed since you opened the form"),
        "{text}"
    );
    assert!(
        text.contains("Second moderator's sentence."),
        "their text is given back: {text}"
    );
    let file = std::fs::read_to_string(bot.topic_file("education")).unwrap();
    assert!(file.contains("First moderator's sentence."));
    assert!(!file.contains("Second moderator's sentence."));
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_rejected_edit_is_explained_privately_and_leaves_the_file_byte_identical() {
    let bot = start(|_, _| {}).await;
    let id = "mlt-degree-length";
    let file = bot.topic_file("education");
    let original = std::fs::read(&file).unwrap();

    // Invalid as a file would be: too few alternates, a figure without a source.
    let (_, form) = bot.faq(&moderator(), "edit", vec![opt_str("id", id)]).await;
    let (custom_id, mut fields) = form_of(&form);
    fields.insert("alternates".into(), "just one way".into());
    fields.insert(
        "answer".into(),
        "It takes two years and pays $50,000.".into(),
    );
    fields.insert("source".into(), String::new());
    let result = bot.submit(&moderator(), &custom_id, &fields).await;
    let text = text_of(&result);
    assert!(text.contains("Not saved: 2 problem(s)"), "{text}");
    assert!(
        text.contains("education.toml:") && text.contains("entry[mlt-degree-length].alternates"),
        "{text}"
    );
    assert!(text.contains("entry[mlt-degree-length].source"), "{text}");
    assert!(
        text.contains("pays $50,000."),
        "their text is given back: {text}"
    );
    assert_eq!(std::fs::read(&file).unwrap(), original);

    // Valid as a file, but it breaks a regression question: refused at the check's line.
    let (custom_id, mut fields) = form_of(
        &bot.faq(&moderator(), "edit", vec![opt_str("id", id)])
            .await
            .1,
    );
    fields.insert("answer".into(), "It depends on the school.".into());
    let result = bot.submit(&moderator(), &custom_id, &fields).await;
    let text = text_of(&result);
    assert!(
        text.contains("checks.txt:") && text.contains("how many years is an mlt associate degree"),
        "{text}"
    );
    assert_eq!(std::fs::read(&file).unwrap(), original);
    let (_, shown) = bot.faq(&member(50), "show", vec![opt_str("id", id)]).await;
    assert!(text_of(&shown["data"]).contains("two years"));
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_entry_added_from_discord_is_answered_and_removing_it_restores_the_file() {
    let bot = start(|_, _| {}).await;
    let file = bot.topic_file("jobs");
    let original = std::fs::read_to_string(&file).unwrap();
    let id = "phlebotomy-night-shifts";
    let (_, form) = bot
        .faq(
            &moderator(),
            "add",
            vec![opt_str("id", id), opt_str("topic", "jobs")],
        )
        .await;
    let (custom_id, mut fields) = form_of(&form);
    assert_eq!(custom_id, format!("faq:add:jobs:{id}"));
    assert!(
        fields.values().all(String::is_empty),
        "an empty form: {fields:?}"
    );
    fields.insert(
        "question".into(),
        "Do phlebotomists work night shifts?".into(),
    );
    fields.insert(
        "alternates".into(),
        "phlebotomy night shift\ndo phlebs work nights\nnight shift phlebotomist".into(),
    );
    fields.insert(
        "answer".into(),
        "Many hospital phlebotomists work **early morning or night shifts**, when blood is drawn before rounds.".into(),
    );
    let result = bot.submit(&moderator(), &custom_id, &fields).await;
    assert!(
        text_of(&result).contains(&format!("✅ `{id}` added")),
        "{result}"
    );
    let added = std::fs::read_to_string(&file).unwrap();
    assert!(added.starts_with(&original));
    let reply = bot
        .mention(user(50, "member"), "do phlebs work nights")
        .await;
    assert_eq!(
        reply["embeds"][0]["title"],
        "Do phlebotomists work night shifts?"
    );

    let (payload, deferred) = bot
        .faq(&moderator(), "remove", vec![opt_str("id", id)])
        .await;
    assert_eq!(deferred["type"], 5);
    let prompt = bot.edited(&payload).await;
    assert!(
        text_of(&prompt).contains(&format!("Remove `{id}`")),
        "{prompt}"
    );
    let confirm = prompt["components"][0]["components"][0]["custom_id"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(confirm.starts_with(&format!("faq:remove:{id}:")));
    let message = bot_message(fresh_id(), CHANNEL, "", prompt["components"].clone());
    let (click, update) = bot
        .interact(interaction_component(&moderator(), &confirm, message))
        .await;
    assert_eq!(update["type"], 7, "the prompt is replaced: {update}");
    assert_eq!(update["data"]["components"], json!([]), "no second click");
    let done = bot.edited(&click).await;
    assert!(
        text_of(&done).contains(&format!("✅ `{id}` removed")),
        "{done}"
    );
    assert_eq!(std::fs::read_to_string(&file).unwrap(), original);
    assert!(bot.state.index().corpus().entry(id).is_none());
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn removing_an_entry_others_link_to_is_refused_before_asking() {
    let bot = start(|_, _| {}).await;
    let (payload, _) = bot
        .faq(
            &moderator(),
            "remove",
            vec![opt_str("id", "mlt-degree-length")],
        )
        .await;
    let prompt = bot.edited(&payload).await;
    let text = text_of(&prompt);
    assert!(text.contains("cannot be removed"), "{text}");
    assert!(
        text.contains("`mlt-degree-length` is not the id of any entry"),
        "{text}"
    );
    assert!(prompt["components"].as_array().is_none_or(|c| c.is_empty()));
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn members_cannot_edit_not_even_with_a_forged_form_or_button() {
    let bot = start(|_, _| {}).await;
    let file = bot.topic_file("education");
    let original = std::fs::read(&file).unwrap();
    for sub in ["edit", "remove", "gaps", "stats"] {
        let (_, refused) = bot
            .faq(&member(50), sub, vec![opt_str("id", "mlt-degree-length")])
            .await;
        assert_eq!(refused["type"], 4, "{sub}: {refused}");
        assert!(
            text_of(&refused["data"]).contains("Only moderators"),
            "{sub}"
        );
        assert_eq!(
            refused["data"]["flags"].as_u64().unwrap() & EPHEMERAL,
            EPHEMERAL
        );
    }
    // A moderator's form, submitted by a member who copied its custom id.
    let (_, form) = bot
        .faq(
            &moderator(),
            "edit",
            vec![opt_str("id", "mlt-degree-length")],
        )
        .await;
    let (custom_id, mut fields) = form_of(&form);
    fields.insert("answer".into(), "Forged answer.".into());
    let refused = bot.submit(&member(50), &custom_id, &fields).await;
    assert!(text_of(&refused).contains("Only moderators"), "{refused}");
    // A forged removal button.
    let forged = "faq:remove:mlt-salary:0000000000000000";
    let message = bot_message(fresh_id(), CHANNEL, "", json!([]));
    let (_, refused) = bot
        .interact(interaction_component(&member(50), forged, message))
        .await;
    assert!(
        text_of(&refused["data"]).contains("Only moderators"),
        "{refused}"
    );
    assert_eq!(std::fs::read(&file).unwrap(), original);
    assert!(bot.state.index().corpus().entry("mlt-salary").is_some());
    bot.fake
        .assert_no_request_within(
            |r| r.is("POST", &format!("/channels/{AUDIT}/messages")),
            Duration::from_millis(300),
        )
        .await;
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn gaps_group_near_duplicates_and_a_gap_opens_a_prefilled_add_form() {
    let bot = start(|_, _| {}).await;
    let asker = || user(50, "member");
    for q in [
        "what color scrubs do lab techs wear",
        "What color scrubs do lab techs wear??",
        "what color scrubs do lab technicians wear",
        "which scrubs do lab techs wear",
        "what color scrubs do lab techs wear",
        "can i bring my dog to the lab",
        "hi",
    ] {
        bot.mention(asker(), q).await;
    }
    // Asked in another server: not shown to this server's moderators.
    let mark = bot.fake.mark();
    let content = format!("<@{BOT_ID}> can i bring my cat to the lab");
    bot.fake.dispatch(
        "MESSAGE_CREATE",
        message_create(
            fresh_id(),
            11,
            Some(99),
            asker(),
            &content,
            vec![bot_user()],
        ),
    );
    bot.fake
        .wait_for_request(
            |r| r.index >= mark && r.is("POST", "/channels/11/messages"),
            DEFAULT_TIMEOUT,
        )
        .await;
    let (payload, _) = bot.faq(&moderator(), "gaps", vec![]).await;
    let gaps = bot.edited(&payload).await;
    let text = text_of(&gaps);
    assert!(!text.contains("cat"), "{text}");
    assert!(
        text.contains(
            "**1.** 5× “what color scrubs do lab techs wear” (5 declined, 0 did you mean)"
        ),
        "{text}"
    );
    assert!(
        text.contains("**2.** 1× “can i bring my dog to the lab”"),
        "{text}"
    );
    assert!(!text.contains("**3.**"), "a greeting is not a gap: {text}");
    let buttons = gaps["components"][0]["components"]
        .as_array()
        .unwrap()
        .clone();
    assert_eq!(buttons.len(), 2);
    let gap_button = buttons[0]["custom_id"].as_str().unwrap().to_string();

    let message = bot_message(fresh_id(), CHANNEL, "", gaps["components"].clone());
    let (_, form) = bot
        .interact(interaction_component(&moderator(), &gap_button, message))
        .await;
    let (custom_id, mut fields) = form_of(&form);
    assert_eq!(fields["question"], "what color scrubs do lab techs wear");
    let others: Vec<&str> = fields["alternates"].lines().collect();
    assert_eq!(others.len(), 3, "{others:?}");
    assert!(others.contains(&"which scrubs do lab techs wear"));
    assert!(
        faqbot::faq_edit::is_valid_id(&fields["id"]),
        "{}",
        fields["id"]
    );
    fields.insert("id".into(), "lab-scrubs".into());
    fields.insert("topic".into(), "jobs".into());
    fields.insert(
        "answer".into(),
        "It depends on the employer: many labs ask for **solid-colour scrubs** and a lab coat."
            .into(),
    );
    let result = bot.submit(&moderator(), &custom_id, &fields).await;
    assert!(
        text_of(&result).contains("✅ `lab-scrubs` added in"),
        "{result}"
    );
    let reply = bot
        .mention(asker(), "what color scrubs do lab techs wear")
        .await;
    assert!(
        text_of(&reply).contains("solid-colour scrubs"),
        "the gap is closed: {reply}"
    );
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn votes_count_once_per_member_and_stats_show_answers_given_and_ratings() {
    let bot = start(|_, _| {}).await;
    let answer = bot
        .mention(user(50, "member"), "how much do lab techs make")
        .await;
    let rows = answer["components"].as_array().unwrap();
    let votes = &rows.last().unwrap()["components"];
    assert_eq!(votes[0]["custom_id"], "faq:vote:up:mlt-salary");
    assert_eq!(votes[1]["custom_id"], "faq:vote:down:mlt-salary");
    let message = bot_message(fresh_id(), CHANNEL, "", answer["components"].clone());
    for (voter, button) in [(50, 0), (50, 0), (51, 1), (52, 0), (53, 1), (53, 0)] {
        let id = votes[button]["custom_id"].as_str().unwrap();
        let (_, thanks) = bot
            .interact(interaction_component(&member(voter), id, message.clone()))
            .await;
        assert_eq!(
            thanks["data"]["flags"].as_u64().unwrap() & EPHEMERAL,
            EPHEMERAL
        );
        assert!(text_of(&thanks["data"]).contains("Thanks"), "{thanks}");
    }
    let (payload, _) = bot.faq(&moderator(), "stats", vec![]).await;
    let stats = text_of(&bot.edited(&payload).await);
    // 50 twice, 52 and 53 (who changed their mind) helpful; 51 not.
    assert!(
        stats.contains("`mlt-salary` — given 1 · 👍 3 · 👎 1"),
        "{stats}"
    );
    assert!(
        stats.contains("entries were not given in this period"),
        "{stats}"
    );

    let voters = voters_in(&db_file(bot._data.path())).await;
    assert_eq!(voters.len(), 4);
    for v in &voters {
        assert!(
            v.len() == 64 && v.chars().all(|c| c.is_ascii_hexdigit()),
            "a hash, not an id: {v}"
        );
    }
    bot.stop().await;
}

async fn voters_in(file: &Path) -> Vec<String> {
    use sqlx::Connection;
    let options = sqlx::sqlite::SqliteConnectOptions::new().filename(file);
    let mut c = sqlx::SqliteConnection::connect_with(&options)
        .await
        .unwrap();
    sqlx::query_scalar("SELECT voter FROM votes")
        .fetch_all(&mut c)
        .await
        .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn retention_deletes_rows_older_than_configured_when_the_bot_starts() {
    let data = tempfile::tempdir().unwrap();
    let mut settings = Settings::defaults();
    settings.database.path = db_file(data.path());
    {
        let earlier = Store::connect(&settings.database).await.unwrap();
        let asked = |at, q: &str| AskedQuestion {
            at,
            guild: Some(GUILD),
            channel: CHANNEL,
            outcome: Missed::Declined,
            question: q.into(),
        };
        earlier.record_unanswered(asked(
            store::now() - 45 * DAY,
            "an old question about scrubs",
        ));
        earlier.record_unanswered(asked(store::now() - DAY, "a recent question about scrubs"));
        earlier.record_given("mlt-salary", store::now() - 45 * DAY);
        earlier.flush().await;
        earlier.close().await;
    }
    let bot = start_in(data, |s, _| s.database.retention_days = 30).await;
    let mut left = Vec::new();
    for _ in 0..100 {
        left = bot.store.gaps_source(0, 100, None).await.unwrap();
        if left.len() == 1 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(left.len(), 1, "{left:?}");
    assert_eq!(left[0].question, "a recent question about scrubs");
    let (payload, _) = bot
        .faq(&moderator(), "gaps", vec![opt_int("days", 365)])
        .await;
    let text = text_of(&bot.edited(&payload).await);
    assert!(
        text.contains("a recent question") && !text.contains("an old question"),
        "{text}"
    );
    assert!(
        bot.store.stats(0).await.unwrap().is_empty(),
        "the old count is gone too"
    );
    bot.stop().await;
}

/// The bot answers a known and an unknown question; the writes for both are dropped.
async fn answers_while_the_database_fails(bot: &TestBot) {
    let reply = bot
        .mention(user(50, "member"), "how much do lab techs make")
        .await;
    assert!(text_of(&reply).contains("$57,380"), "{reply}");
    let reply = bot
        .mention(user(50, "member"), "can i bring my dog to the lab")
        .await;
    assert!(
        reply["content"]
            .as_str()
            .unwrap()
            .contains("don't have an answer"),
        "{reply}"
    );
    bot.store.flush().await;
    assert!(
        bot.store.dropped_writes() >= 2,
        "{}",
        bot.store.dropped_writes()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn answering_goes_on_when_postgres_is_unreachable() {
    let bot = start(|s, _| {
        s.database.url = Some(Secret::new("postgres://faqbot@127.0.0.1:1/faqbot"));
    })
    .await;
    answers_while_the_database_fails(&bot).await;
    let (payload, _) = bot.faq(&moderator(), "gaps", vec![]).await;
    let text = text_of(&bot.edited(&payload).await);
    assert!(
        text.contains("Cannot read the database") && text.contains("not affected"),
        "{text}"
    );
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn answering_goes_on_when_the_database_file_cannot_be_created() {
    let bot = start(|s, data| {
        std::fs::write(data.join("not-a-folder"), "").unwrap();
        s.database.path = data.join("not-a-folder/faqbot.db");
    })
    .await;
    answers_while_the_database_fails(&bot).await;
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn answering_goes_on_while_another_process_locks_the_database() {
    use sqlx::Connection;
    let bot = start(|_, _| {}).await;
    bot.store.record_given("warm-up", store::now());
    bot.store.flush().await;
    assert_eq!(bot.store.dropped_writes(), 0);
    let options = sqlx::sqlite::SqliteConnectOptions::new().filename(db_file(bot._data.path()));
    let mut locker = sqlx::SqliteConnection::connect_with(&options)
        .await
        .unwrap();
    sqlx::query("BEGIN EXCLUSIVE")
        .execute(&mut locker)
        .await
        .unwrap();
    answers_while_the_database_fails(&bot).await;
    sqlx::query("COMMIT").execute(&mut locker).await.unwrap();
    let dropped = bot.store.dropped_writes();
    bot.mention(user(50, "member"), "how much do lab techs make")
        .await;
    bot.store.flush().await;
    assert_eq!(
        bot.store.dropped_writes(),
        dropped,
        "written again once the lock is gone"
    );
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn faq_reload_refuses_a_file_change_that_breaks_a_check() {
    let bot = start(|_, _| {}).await;
    let file = bot.topic_file("education");
    let text = std::fs::read_to_string(&file)
        .unwrap()
        .replace("typically takes **two years**", "takes a while");
    std::fs::write(&file, text).unwrap();
    let (_, reload) = bot.faq(&moderator(), "reload", vec![]).await;
    let text = text_of(&reload["data"]);
    assert!(text.contains("Reload failed"), "{text}");
    assert!(
        text.contains("checks.txt:") && text.contains("error: check:"),
        "{text}"
    );
    let (_, shown) = bot
        .faq(
            &member(50),
            "show",
            vec![opt_str("id", "mlt-degree-length")],
        )
        .await;
    assert!(
        text_of(&shown["data"]).contains("two years"),
        "the old answer is served"
    );
    bot.stop().await;
}
