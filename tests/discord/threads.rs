//! Threads and forum posts: questions in a thread are answered in the thread; a channel listed
//! in `discord.auto_answer_channels` covers its threads and, for a forum, the opening message
//! of each post. Where a thread belongs is known from the gateway (GUILD_CREATE, THREAD_CREATE)
//! or, failing that, from the REST channel object.

use std::time::Duration;

use fake_discord::*;

use crate::support::*;

const FORUM: u64 = 300;
const HELP: u64 = 301;
const QUIET: u64 = 302;

/// No channel message posted at or after `mark` within a moment.
async fn no_reply(bot: &TestBot, mark: usize) {
    bot.fake
        .assert_no_request_within(
            |r| r.index >= mark && r.is("POST", "/channels/*/messages"),
            Duration::from_millis(700),
        )
        .await;
}

/// THREAD_CREATE for a new thread (or post) of `parent`; its first message comes a moment
/// later, as from Discord (a second: room for a loaded machine to run the event's handler).
async fn announce_thread(bot: &TestBot, thread: u64, parent: u64) {
    bot.fake.dispatch(
        "THREAD_CREATE",
        thread_channel(thread, parent, GUILD, "question"),
    );
    tokio::time::sleep(Duration::from_secs(1)).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_new_post_in_a_listed_forum_is_answered_in_the_post_and_only_its_opening_message() {
    let bot = start_bot(|s| s.discord.auto_answer_channels = vec![FORUM]).await;
    bot.fake.dispatch(
        "GUILD_CREATE",
        guild_create(
            GUILD,
            vec![forum_channel(FORUM, GUILD), text_channel(CHANNEL, GUILD)],
            vec![],
            vec![],
        ),
    );
    tokio::time::sleep(Duration::from_secs(1)).await;
    let post = fresh_id();
    announce_thread(&bot, post, FORUM).await;
    let mark = bot.fake.mark();
    // A forum post's opening message has the post's id, in the post's channel.
    bot.fake.dispatch(
        "MESSAGE_CREATE",
        message_create(
            post,
            post,
            Some(GUILD),
            user(42, "alice"),
            "How much do MLTs make?",
            vec![],
        ),
    );
    let reply = bot.next_message(post, mark).await;
    let body = reply.json();
    assert!(
        text_of(body).contains("57,"),
        "answered in the post: {body}"
    );
    assert_eq!(body["message_reference"]["message_id"], post.to_string());
    assert_pings_nobody(body);
    // Known from the gateway: Discord was not asked where the post belongs.
    assert_eq!(bot.count(0, "GET", &format!("/channels/{post}")), 0);

    // Replies under the post are a conversation among members, not new questions.
    let mark = bot.fake.mark();
    bot.say(post, user(43, "bob"), "how long is the MLT program?");
    no_reply(&bot, mark).await;
    // A mention there is answered as anywhere, in the post.
    let mark = bot.fake.mark();
    bot.fake.dispatch(
        "MESSAGE_CREATE",
        message_create(
            fresh_id(),
            post,
            Some(GUILD),
            user(43, "bob"),
            &format!("<@{BOT_ID}> how long is the MLT program?"),
            vec![bot_user()],
        ),
    );
    bot.next_message(post, mark).await;
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_thread_of_a_listed_channel_is_answered_when_only_the_rest_api_knows_its_parent() {
    let bot = start_bot(|s| s.discord.auto_answer_channels = vec![HELP]).await;
    let thread = fresh_id();
    // No THREAD_CREATE reached the bot (it joined later): GET /channels/{thread} says.
    bot.fake
        .add_channel(thread_channel(thread, HELP, GUILD, "pay"));
    bot.fake.add_channel(text_channel(HELP, GUILD));
    let mark = bot.fake.mark();
    bot.say(thread, user(42, "alice"), "How much do MLTs make?");
    let reply = bot.next_message(thread, mark).await;
    assert!(text_of(reply.json()).contains("57,"), "{}", reply.json());
    // In a thread (not a forum post) every confident question is answered, as in its channel.
    let mark = bot.fake.mark();
    bot.say(thread, user(43, "bob"), "what does a phlebotomist do?");
    bot.next_message(thread, mark).await;
    assert_eq!(
        bot.count(0, "GET", &format!("/channels/{thread}")),
        1,
        "the parent is looked up once, then remembered"
    );
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn threads_of_channels_not_listed_are_not_answered_unprompted_but_mentions_are() {
    let bot = start_bot(|s| s.discord.auto_answer_channels = vec![HELP]).await;
    let thread = fresh_id();
    announce_thread(&bot, thread, QUIET).await;
    let mark = bot.fake.mark();
    bot.say(thread, user(42, "alice"), "How much do MLTs make?");
    no_reply(&bot, mark).await;

    let mark = bot.fake.mark();
    bot.fake.dispatch(
        "MESSAGE_CREATE",
        message_create(
            fresh_id(),
            thread,
            Some(GUILD),
            user(42, "alice"),
            &format!("<@{BOT_ID}> How much do MLTs make?"),
            vec![bot_user()],
        ),
    );
    let reply = bot.next_message(thread, mark).await;
    assert!(text_of(reply.json()).contains("57,"));
    bot.stop().await;
}
