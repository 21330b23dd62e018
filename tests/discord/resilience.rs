//! What Discord and members do to a bot, end to end against the fake Discord: transient REST
//! errors and rate limits, events delivered twice, members who ask fast, and forged
//! moderator interactions.

use std::time::Duration;

use crate::support::*;
use fake_discord::*;
use faqbot::discord::checks::NOT_A_MODERATOR;
use faqbot::discord::questions::WAIT_REACTION;
use serde_json::{json, Value};

// ----- transient REST errors -------------------------------------------------------------------

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_reply_answered_with_a_server_error_is_sent_again() {
    let bot = start_bot(|_| {}).await;
    for status in [500, 502, 503] {
        bot.fake
            .fail_next("POST", "/channels/*/messages", 1, RestFault::Status(status));
        let mark = bot.fake.mark();
        bot.mention(user(42, "alice"), "what does a phlebotomist do?");
        let reply = bot.next_message(CHANNEL, mark).await;
        assert!(reply.json()["embeds"][0]["title"].is_string());
        let posts: Vec<RecordedRequest> = bot
            .fake
            .requests()
            .into_iter()
            .filter(|r| r.index >= mark && r.is("POST", "/channels/*/messages"))
            .collect();
        assert_eq!(posts.len(), 2, "one failure, one retry ({status})");
        assert_eq!(posts[0].status, status);
        assert_eq!(posts[1].status, 200);
        // The retry is the same creation: Discord dedupes it by nonce if the first got through.
        assert_eq!(posts[0].json()["nonce"], posts[1].json()["nonce"]);
        assert_eq!(posts[1].json()["enforce_nonce"], true);
    }
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_reply_answered_with_a_rate_limit_waits_what_discord_asks_then_is_sent() {
    let bot = start_bot(|_| {}).await;
    bot.fake.fail_next(
        "POST",
        "/channels/*/messages",
        1,
        RestFault::RateLimited { retry_after: 0.5 },
    );
    let mark = bot.fake.mark();
    bot.mention(user(42, "alice"), "mlt salary");
    let reply = bot.next_message(CHANNEL, mark).await;
    let limited = bot
        .fake
        .requests()
        .into_iter()
        .find(|r| r.index >= mark && r.status == 429)
        .expect("the rate-limited attempt");
    let waited = reply.at.duration_since(limited.at);
    assert!(waited >= Duration::from_millis(500), "{waited:?}");
    assert!(waited < Duration::from_secs(3), "{waited:?}");
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_reply_that_keeps_failing_is_given_up_after_a_bounded_number_of_attempts() {
    let bot = start_bot(|_| {}).await;
    bot.fake
        .fail_next("POST", "/channels/*/messages", 100, RestFault::Status(503));
    let mark = bot.fake.mark();
    bot.mention(user(42, "alice"), "mlt salary");
    // 4 attempts, about 0.25 + 0.5 + 1 s apart.
    tokio::time::sleep(Duration::from_secs(4)).await;
    assert_eq!(bot.count(mark, "POST", "/channels/*/messages"), 4);
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_interaction_response_answered_with_a_server_error_or_rate_limit_is_sent_again() {
    let bot = start_bot(|_| {}).await;
    let inv = member(MEMBER_PERMISSIONS);
    for fault in [
        RestFault::Status(500),
        RestFault::RateLimited { retry_after: 0.3 },
    ] {
        bot.fake
            .fail_next("POST", "/interactions/*/*/callback", 1, fault.clone());
        let mark = bot.fake.mark();
        let body = bot
            .command(&inv, "ask", vec![opt_str("question", "mlt salary")])
            .await;
        assert!(body["data"]["embeds"][0]["description"]
            .as_str()
            .is_some_and(|d| d.contains("57,")));
        assert_eq!(
            bot.count(mark, "POST", "/interactions/*/*/callback"),
            2,
            "{fault:?}"
        );
    }
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_kind_of_response_goes_through_the_retries() {
    let bot = start_bot(|_| {}).await;
    // Autocomplete choices (sent for poise's autocomplete functions).
    bot.fake.fail_next(
        "POST",
        "/interactions/*/*/callback",
        1,
        RestFault::Status(503),
    );
    let mark = bot.fake.mark();
    bot.fake.dispatch(
        "INTERACTION_CREATE",
        interaction_autocomplete(
            &member(MEMBER_PERMISSIONS),
            "ask",
            vec![opt_focused("question", "cert")],
        ),
    );
    let choices = bot.callback(mark).await;
    assert_eq!(choices.json()["type"], 8);
    assert_eq!(bot.count(mark, "POST", "/interactions/*/*/callback"), 2);

    // The edit of a deferred response (a reload is deferred).
    bot.fake.fail_next(
        "PATCH",
        "/webhooks/*/*/messages/@original",
        1,
        RestFault::Status(502),
    );
    let mark = bot.fake.mark();
    let shown = bot
        .faq_result(&member(MEMBER_PERMISSIONS | MANAGE_GUILD), "reload", vec![])
        .await;
    assert!(
        shown["content"].as_str().unwrap_or("").contains("Reloaded"),
        "{shown}"
    );
    bot.fake
        .wait_for_request(
            |r| {
                r.index >= mark
                    && r.is("PATCH", "/webhooks/*/*/messages/@original")
                    && r.status == 200
            },
            DEFAULT_TIMEOUT,
        )
        .await;
    let edits: Vec<u16> = bot
        .fake
        .requests()
        .iter()
        .filter(|r| r.index >= mark && r.is("PATCH", "/webhooks/*/*/messages/@original"))
        .map(|r| r.status)
        .collect();
    assert_eq!(edits, [502, 200]);

    // The edit of a reply whose question was edited.
    let mark = bot.fake.mark();
    let asked = bot.mention(user(42, "alice"), "mlt salary");
    bot.next_message(CHANNEL, mark).await;
    bot.fake.fail_next(
        "PATCH",
        "/channels/*/messages/*",
        1,
        RestFault::RateLimited { retry_after: 0.2 },
    );
    let mark = bot.fake.mark();
    bot.fake.dispatch(
        "MESSAGE_UPDATE",
        message_update(
            asked,
            CHANNEL,
            Some(GUILD),
            user(42, "alice"),
            &format!("<@{BOT_ID}> what does a phlebotomist do?"),
            vec![bot_user()],
            true,
        ),
    );
    let edited = bot
        .fake
        .wait_for_request(
            |r| r.index >= mark && r.is("PATCH", "/channels/*/messages/*") && r.status == 200,
            DEFAULT_TIMEOUT,
        )
        .await;
    assert!(text_of(edited.json()).to_lowercase().contains("blood"));
    assert_eq!(bot.count(mark, "PATCH", "/channels/*/messages/*"), 2);
    bot.stop().await;
}

// ----- events delivered twice ------------------------------------------------------------------

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_message_delivered_again_later_is_answered_once() {
    let bot = start_bot(|_| {}).await;
    let event = bot.mention_event(user(42, "alice"), "what does a phlebotomist do?");
    let mark = bot.fake.mark();
    bot.fake.dispatch("MESSAGE_CREATE", event.clone());
    bot.next_message(CHANNEL, mark).await;
    tokio::time::sleep(Duration::from_millis(3500)).await;
    bot.fake.dispatch("MESSAGE_CREATE", event);
    tokio::time::sleep(Duration::from_millis(1000)).await;
    assert_eq!(bot.count(mark, "POST", "/channels/*/messages"), 1);
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_interaction_delivered_twice_is_answered_once() {
    let bot = start_bot(|_| {}).await;
    let event = interaction_command(
        &member(MEMBER_PERMISSIONS),
        "ask",
        vec![opt_str("question", "mlt salary")],
    );
    let mark = bot.fake.mark();
    bot.fake.dispatch("INTERACTION_CREATE", event.clone());
    bot.callback(mark).await;
    bot.fake.dispatch("INTERACTION_CREATE", event);
    tokio::time::sleep(Duration::from_millis(1000)).await;
    assert_eq!(bot.count(mark, "POST", "/interactions/*/*/callback"), 1);
    bot.stop().await;
}

// ----- members who ask fast --------------------------------------------------------------------

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_follow_up_by_dm_or_ask_right_after_a_mention_is_answered_with_the_default_limit() {
    let bot = start_bot(|s| {
        let defaults = faqbot::config::Settings::defaults();
        s.discord.questions_per_minute = defaults.discord.questions_per_minute;
        s.discord.question_burst = defaults.discord.question_burst;
    })
    .await;
    let alice = user(42, "alice");
    let mark = bot.fake.mark();
    bot.mention(alice.clone(), "what does a phlebotomist do?");
    bot.next_message(CHANNEL, mark).await;

    tokio::time::sleep(Duration::from_secs(1)).await;
    let mark = bot.fake.mark();
    bot.fake.dispatch(
        "MESSAGE_CREATE",
        message_create(fresh_id(), 55, None, alice.clone(), "mlt salary?", vec![]),
    );
    let dm = bot.next_message(55, mark).await;
    assert!(
        dm.json()["embeds"][0]["description"].is_string(),
        "{}",
        dm.json()
    );

    let body = bot
        .command(
            &member(MEMBER_PERMISSIONS),
            "ask",
            vec![opt_str("question", "how long is the mlt program")],
        )
        .await;
    assert!(body["data"]["embeds"][0]["title"].is_string(), "{body}");
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_flood_is_stopped_with_a_visible_notice_and_reactions_never_silence() {
    let bot = start_bot(|s| {
        s.discord.questions_per_minute = 2.0;
        s.discord.question_burst = 2;
    })
    .await;
    let mark = bot.fake.mark();
    for i in 0..8 {
        bot.mention(
            user(42, "alice"),
            &format!("question number {i} about mlt salary"),
        );
    }
    // 2 answers, 1 notice, 3 reactions; the rest of the flood is ignored.
    let deadline = tokio::time::Instant::now() + DEFAULT_TIMEOUT;
    while bot.count(mark, "POST", "/channels/*/messages") < 3
        || bot.count(mark, "PUT", "/channels/*/messages/*/reactions/*/@me") < 3
    {
        assert!(
            tokio::time::Instant::now() < deadline,
            "{:#?}",
            bot.fake.requests()
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    tokio::time::sleep(Duration::from_millis(500)).await;
    let posts: Vec<Value> = bot
        .fake
        .requests()
        .into_iter()
        .filter(|r| r.index >= mark && r.is("POST", "/channels/*/messages"))
        .map(|r| r.json().clone())
        .collect();
    assert_eq!(posts.len(), 3);
    let notices: Vec<&Value> = posts.iter().filter(|p| p["content"].is_string()).collect();
    assert_eq!(notices.len(), 1, "{posts:#?}");
    let notice = notices[0]["content"].as_str().unwrap();
    assert!(
        notice.contains("faster") && notice.contains(" s"),
        "{notice}"
    );
    assert_pings_nobody(notices[0]);
    let reactions: Vec<RecordedRequest> = bot
        .fake
        .requests()
        .into_iter()
        .filter(|r| r.index >= mark && r.method == "PUT" && r.route.contains("/reactions/"))
        .collect();
    assert_eq!(reactions.len(), 3);
    let encoded: String = WAIT_REACTION.bytes().map(|b| format!("%{b:02X}")).collect();
    assert!(
        reactions[0].route.contains(&encoded),
        "{}",
        reactions[0].route
    );

    // Another member is not affected.
    let mark = bot.fake.mark();
    bot.mention(user(43, "bob"), "mlt salary");
    let reply = bot.next_message(CHANNEL, mark).await;
    assert!(reply.json()["embeds"][0]["title"].is_string());
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_limited_slash_ask_gets_a_private_notice_with_the_wait() {
    let bot = start_bot(|s| {
        s.discord.questions_per_minute = 1.0;
        s.discord.question_burst = 1;
    })
    .await;
    let inv = member(MEMBER_PERMISSIONS);
    let ask = || vec![opt_str("question", "mlt salary")];
    let first = bot.command(&inv, "ask", ask()).await;
    assert!(first["data"]["embeds"][0]["title"].is_string());
    let second = bot.command(&inv, "ask", ask()).await;
    let content = second["data"]["content"].as_str().unwrap();
    assert!(content.contains("faster"), "{content}");
    assert_eq!(
        second["data"]["flags"].as_u64().unwrap() & EPHEMERAL,
        EPHEMERAL
    );
    bot.stop().await;
}

// ----- forged moderator interactions -----------------------------------------------------------

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn forged_moderator_commands_and_buttons_are_refused_to_a_member() {
    let bot = start_bot(|_| {}).await;
    let inv = member(MEMBER_PERMISSIONS);
    let refused = |body: &Value| {
        assert_eq!(
            body["data"]["flags"].as_u64().unwrap() & EPHEMERAL,
            EPHEMERAL,
            "{body}"
        );
        assert!(
            body["data"]["embeds"]
                .as_array()
                .is_none_or(|e| e.is_empty()),
            "{body}"
        );
        body["data"]["content"].as_str().unwrap().to_string()
    };
    // Subcommands a member can see but not run, with and without options.
    for options in [
        vec![opt_subcommand("reload", vec![])],
        vec![opt_subcommand(
            "debug",
            vec![opt_str("question", "mlt salary")],
        )],
    ] {
        let body = bot.command(&inv, "faq", options).await;
        assert_eq!(refused(&body), NOT_A_MODERATOR);
    }
    // A command name that was never registered.
    let body = bot.command(&inv, "faq-admin", vec![]).await;
    assert!(refused(&body).contains("Unknown command"));

    // Buttons the member was never shown: moderator buttons (the edit form's too) and a
    // made-up one.
    let message = bot_message(fresh_id(), CHANNEL, "", json!([]));
    for (custom_id, expected) in [
        ("faq:mod:reload", NOT_A_MODERATOR),
        ("faq:edit:mlt-salary:0123456789abcdef", NOT_A_MODERATOR),
        ("faq:remove:mlt-salary:0123456789abcdef", NOT_A_MODERATOR),
        ("faq:made-up:mlt-salary", "no longer available"),
    ] {
        let mark = bot.fake.mark();
        bot.fake.dispatch(
            "INTERACTION_CREATE",
            interaction_component(&inv, custom_id, message.clone()),
        );
        let body = bot.callback(mark).await.json().clone();
        assert_eq!(body["type"], 4, "{body}");
        assert!(refused(&body).contains(expected), "{custom_id}: {body}");
    }

    // A moderator still can.
    let body = bot
        .command(
            &member(MEMBER_PERMISSIONS | MANAGE_GUILD),
            "faq",
            vec![opt_subcommand(
                "debug",
                vec![opt_str("question", "mlt salary")],
            )],
        )
        .await;
    assert!(body["data"]["embeds"][0]["description"]
        .as_str()
        .is_some_and(|d| d.contains("mlt-salary")));
    bot.stop().await;
}

// ----- a connection that died silently ---------------------------------------------------------

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_connection_whose_heartbeats_go_unanswered_is_resumed_not_identified_anew() {
    let bot = start_bot_with(
        |fake| fake.set_heartbeat_interval(Duration::from_millis(700)),
        |_| {},
    )
    .await;
    bot.fake.ignore_heartbeats(true);
    bot.fake
        .wait_until_connections(2, Duration::from_secs(10))
        .await;
    bot.fake.ignore_heartbeats(false);
    bot.fake
        .wait_resumed_count(1, Duration::from_secs(10))
        .await;
    assert_eq!(bot.fake.identifies().len(), 1, "the session was resumed");
    let mark = bot.fake.mark();
    bot.mention(user(42, "alice"), "mlt salary");
    bot.next_message(CHANNEL, mark).await;
    bot.stop().await;
}
