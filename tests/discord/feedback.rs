//! What members tell moderators, end to end through the fake Discord: gaps grouped and turned
//! into entries, votes and stats, retention, and answering while the database fails.

use std::path::Path;
use std::time::Duration;

use crate::support::*;
use fake_discord::*;
use faqbot::config::{Secret, Settings};
use faqbot::store::{self, AskedQuestion, Missed, Store, DAY};

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
        bot.mention_reply(asker(), q).await;
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
        .mention_reply(asker(), "what color scrubs do lab techs wear")
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
        .mention_reply(user(50, "member"), "how much do lab techs make")
        .await;
    let rows = answer["components"].as_array().unwrap();
    let votes = &rows.last().unwrap()["components"];
    assert_eq!(votes[0]["custom_id"], "faq:vote:up:mlt-salary");
    assert_eq!(votes[1]["custom_id"], "faq:vote:down:mlt-salary");
    let message = bot_message(fresh_id(), CHANNEL, "", answer["components"].clone());
    for (voter, button) in [(50, 0), (50, 0), (51, 1), (52, 0), (53, 1), (53, 0)] {
        let id = votes[button]["custom_id"].as_str().unwrap();
        let (_, thanks) = bot
            .interact(interaction_component(
                &member_id(voter),
                id,
                message.clone(),
            ))
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

    let voters = voters_in(&db_file(bot.data.path())).await;
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
        .mention_reply(user(50, "member"), "how much do lab techs make")
        .await;
    assert!(text_of(&reply).contains("$57,380"), "{reply}");
    let reply = bot
        .mention_reply(user(50, "member"), "can i bring my dog to the lab")
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
    let options = sqlx::sqlite::SqliteConnectOptions::new().filename(db_file(bot.data.path()));
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
    bot.mention_reply(user(50, "member"), "how much do lab techs make")
        .await;
    bot.store.flush().await;
    assert_eq!(
        bot.store.dropped_writes(),
        dropped,
        "written again once the lock is gone"
    );
    bot.stop().await;
}
