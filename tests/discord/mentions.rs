//! Ways members ask that used to get nothing: pinging the bot's managed role instead of the bot,
//! and deleting the question before the answer is posted.

use std::time::Duration;

use fake_discord::*;
use serde_json::json;

use crate::support::*;

const BOT_ROLE: u64 = 555;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_mention_of_the_bots_managed_role_is_answered() {
    let bot = start_bot_with(|fake| fake.add_bot_role(GUILD, BOT_ROLE), |_| {}).await;
    let mark = bot.fake.mark();
    let mut event = message_create(
        fresh_id(),
        CHANNEL,
        Some(GUILD),
        user(42, "alice"),
        &format!("<@&{BOT_ROLE}> how much do MLTs make?"),
        vec![],
    );
    event["mention_roles"] = json!([BOT_ROLE.to_string()]);
    bot.fake.dispatch("MESSAGE_CREATE", event);
    let reply = bot.next_message(CHANNEL, mark).await;
    let body = reply.json();
    assert!(text_of(body).contains("57,"), "{body}");
    assert_pings_nobody(body);

    // Another role's mention is not a question for the bot; the bot's role is looked up once.
    let mark = bot.fake.mark();
    let mut other = message_create(
        fresh_id(),
        CHANNEL,
        Some(GUILD),
        user(42, "alice"),
        "<@&556> how much do MLTs make?",
        vec![],
    );
    other["mention_roles"] = json!(["556"]);
    bot.fake.dispatch("MESSAGE_CREATE", other);
    bot.fake
        .assert_no_request_within(
            |r| r.index >= mark && r.is("POST", "/channels/*/messages"),
            Duration::from_millis(700),
        )
        .await;
    assert_eq!(bot.count(0, "GET", &format!("/guilds/{GUILD}/roles")), 1);
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_managed_role_known_from_guild_create_needs_no_lookup() {
    let bot = start_bot(|_| {}).await;
    bot.fake.dispatch(
        "GUILD_CREATE",
        guild_create(
            GUILD,
            vec![text_channel(CHANNEL, GUILD)],
            vec![],
            vec![bot_role(BOT_ROLE)],
        ),
    );
    tokio::time::sleep(Duration::from_secs(1)).await; // its handler runs meanwhile
    let mark = bot.fake.mark();
    let mut event = message_create(
        fresh_id(),
        CHANNEL,
        Some(GUILD),
        user(42, "alice"),
        &format!("<@&{BOT_ROLE}> what does a phlebotomist do?"),
        vec![],
    );
    event["mention_roles"] = json!([BOT_ROLE.to_string()]);
    bot.fake.dispatch("MESSAGE_CREATE", event);
    let reply = bot.next_message(CHANNEL, mark).await;
    assert!(
        text_of(reply.json()).to_lowercase().contains("blood"),
        "{}",
        reply.json()
    );
    assert_eq!(bot.count(0, "GET", "/guilds/*/roles"), 0);
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_question_deleted_before_its_answer_still_gets_the_answer() {
    let bot = start_bot(|_| {}).await;
    let event = bot.mention_event(user(42, "alice"), "how much do MLTs make?");
    let id: u64 = event["id"].as_str().unwrap().parse().unwrap();
    // The member deleted the question before the reply was sent: Discord refuses a reply to
    // it unless the reference says not to fail.
    bot.fake.delete_message(id);
    let mark = bot.fake.mark();
    bot.fake.dispatch("MESSAGE_CREATE", event);
    let reply = bot.next_message(CHANNEL, mark).await;
    let body = reply.json();
    assert!(text_of(body).contains("57,"), "{body}");
    assert_eq!(body["message_reference"]["message_id"], id.to_string());
    assert_eq!(body["message_reference"]["fail_if_not_exists"], false);
    assert_eq!(
        bot.count(mark, "POST", "/channels/*/messages"),
        1,
        "posted at the first attempt"
    );
    bot.stop().await;
}
