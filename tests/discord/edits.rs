//! Edited questions: an edit of a question the bot answered edits its reply to the new answer
//! (also when the edit comes before the reply was posted); an edit that newly mentions the bot
//! is answered; updates Discord makes itself (link previews: no edit time) never produce a
//! reply.

use std::time::Duration;

use fake_discord::*;
use serde_json::Value;

use crate::support::*;

/// MESSAGE_UPDATE of message `id` in [`CHANNEL`] by alice, mentioning the bot, as edited.
fn edited(id: u64, text: &str) -> Value {
    message_update(
        id,
        CHANNEL,
        Some(GUILD),
        user(42, "alice"),
        &format!("<@{BOT_ID}> {text}"),
        vec![bot_user()],
        true,
    )
}

/// The first successful PATCH of a channel message at or after `mark`.
async fn reply_edit(bot: &TestBot, mark: usize) -> RecordedRequest {
    bot.fake
        .wait_for_request(
            |r| r.index >= mark && r.is("PATCH", "/channels/*/messages/*") && r.status == 200,
            DEFAULT_TIMEOUT,
        )
        .await
}

/// Neither a new reply nor an edit of one at or after `mark`, within a moment.
async fn nothing_sent(bot: &TestBot, mark: usize) {
    bot.fake
        .assert_no_request_within(
            |r| {
                r.index >= mark
                    && (r.is("POST", "/channels/*/messages")
                        || r.is("PATCH", "/channels/*/messages/*"))
            },
            Duration::from_millis(700),
        )
        .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_edited_question_gets_its_answer_edited() {
    let bot = start_bot(|_| {}).await;
    let mark = bot.fake.mark();
    let asked = bot.mention(user(42, "alice"), "how much do");
    let first = bot.next_message(CHANNEL, mark).await;
    let reply_id = first.response["id"].as_str().unwrap().to_string();
    assert!(!text_of(first.json()).contains("57,"));

    let mark = bot.fake.mark();
    bot.fake
        .dispatch("MESSAGE_UPDATE", edited(asked, "how much do MLTs make?"));
    let edit = reply_edit(&bot, mark).await;
    assert_eq!(
        edit.route,
        format!("/channels/{CHANNEL}/messages/{reply_id}"),
        "the bot's own reply is edited"
    );
    let body = edit.json();
    assert!(text_of(body).contains("57,"), "{body}");
    assert_eq!(body["content"], "", "the old reply's text is replaced");
    assert_pings_nobody(body);
    assert_eq!(
        bot.count(mark, "POST", "/channels/*/messages"),
        0,
        "no second reply"
    );
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_edit_that_comes_before_the_reply_is_posted_is_answered_with_the_new_text() {
    let bot = start_bot(|_| {}).await;
    // Discord is slow to take the first reply: the member edits meanwhile (the question is
    // handled well before the edit, the reply still on its way).
    bot.fake
        .delay_next("POST", "/channels/*/messages", 1, Duration::from_secs(4));
    let mark = bot.fake.mark();
    let asked = bot.mention(user(42, "alice"), "how much do");
    tokio::time::sleep(Duration::from_secs(1)).await;
    bot.fake
        .dispatch("MESSAGE_UPDATE", edited(asked, "how much do MLTs make?"));
    let first = bot.next_message(CHANNEL, mark).await;
    let reply_id = first.response["id"].as_str().unwrap().to_string();
    let edit = reply_edit(&bot, mark).await;
    assert_eq!(
        edit.route,
        format!("/channels/{CHANNEL}/messages/{reply_id}")
    );
    assert!(text_of(edit.json()).contains("57,"), "{}", edit.json());
    assert_eq!(bot.count(mark, "POST", "/channels/*/messages"), 1);
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_edit_that_newly_mentions_the_bot_is_answered() {
    let bot = start_bot(|_| {}).await;
    let id = bot.say(CHANNEL, user(42, "alice"), "how much do MLTs make?");
    let mark = bot.fake.mark();
    bot.fake
        .dispatch("MESSAGE_UPDATE", edited(id, "how much do MLTs make?"));
    let reply = bot.next_message(CHANNEL, mark).await;
    let body = reply.json();
    assert!(text_of(body).contains("57,"), "{body}");
    assert_eq!(body["message_reference"]["message_id"], id.to_string());
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn updates_without_an_edit_never_produce_a_reply() {
    let bot = start_bot(|_| {}).await;
    // A link preview added to a question the bot answered: same text, no edit time.
    let mark = bot.fake.mark();
    let asked = bot.mention(
        user(42, "alice"),
        "how much do MLTs make? https://example.com/mlt",
    );
    bot.next_message(CHANNEL, mark).await;
    let mark = bot.fake.mark();
    bot.fake.dispatch(
        "MESSAGE_UPDATE",
        message_update(
            asked,
            CHANNEL,
            Some(GUILD),
            user(42, "alice"),
            &format!("<@{BOT_ID}> how much do MLTs make? https://example.com/mlt"),
            vec![bot_user()],
            false,
        ),
    );
    // A link preview on a message that mentions the bot but was never answered (sent while
    // the bot was away), and the old partial form (id, channel and embeds only).
    let unseen = fresh_id();
    bot.fake.dispatch(
        "MESSAGE_UPDATE",
        message_update(
            unseen,
            CHANNEL,
            Some(GUILD),
            user(42, "alice"),
            &format!("<@{BOT_ID}> what is an MLS? https://example.com/mls"),
            vec![bot_user()],
            false,
        ),
    );
    bot.fake.dispatch(
        "MESSAGE_UPDATE",
        serde_json::json!({
            "id": asked.to_string(),
            "channel_id": CHANNEL.to_string(),
            "guild_id": GUILD.to_string(),
            "embeds": [{"type": "link", "url": "https://example.com/mlt"}],
        }),
    );
    // The same edit delivered twice edits once.
    let edit = edited(asked, "how much do MLSs make?");
    bot.fake.dispatch("MESSAGE_UPDATE", edit.clone());
    bot.fake.dispatch("MESSAGE_UPDATE", edit);
    reply_edit(&bot, mark).await;
    tokio::time::sleep(Duration::from_millis(700)).await;
    assert_eq!(bot.count(mark, "PATCH", "/channels/*/messages/*"), 1);
    assert_eq!(bot.count(mark, "POST", "/channels/*/messages"), 0);
    nothing_sent(&bot, bot.fake.mark()).await;
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn edits_by_other_bots_and_of_unmentioned_chatter_are_ignored() {
    let bot = start_bot(|_| {}).await;
    let mark = bot.fake.mark();
    let chatter = bot.say(CHANNEL, user(42, "alice"), "lunch?");
    bot.fake.dispatch(
        "MESSAGE_UPDATE",
        message_update(
            chatter,
            CHANNEL,
            Some(GUILD),
            user(42, "alice"),
            "lunch at noon?",
            vec![],
            true,
        ),
    );
    bot.fake.dispatch(
        "MESSAGE_UPDATE",
        message_update(
            fresh_id(),
            CHANNEL,
            Some(GUILD),
            other_bot(99, "otherbot"),
            &format!("<@{BOT_ID}> how much do MLTs make?"),
            vec![bot_user()],
            true,
        ),
    );
    nothing_sent(&bot, mark).await;
    bot.stop().await;
}
