//! Several questions in one message, and follow-ups, through Discord: what a member sees.

use std::time::Duration;

use fake_discord::*;

use crate::support::*;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn several_questions_in_one_message_each_get_their_answer_in_one_reply() {
    let bot = start_bot(|_| {}).await;
    let body = bot
        .mention_reply(
            user(42, "alice"),
            "How long is the MLT program? How much do MLTs make?",
        )
        .await;
    let embeds = body["embeds"].as_array().unwrap();
    assert_eq!(embeds.len(), 2, "{body}");
    assert!(embeds[0]["title"].as_str().unwrap().starts_with("1. "));
    assert!(embeds[1]["title"].as_str().unwrap().starts_with("2. "));
    assert!(embeds[1]["description"].as_str().unwrap().contains("57,"));
    // One pair of vote buttons per answer, numbered like the answers.
    let rows = body["components"].as_array().unwrap();
    assert_eq!(rows.len(), 2, "{body}");
    assert_eq!(
        rows[1]["components"][0]["custom_id"],
        "faq:vote:up:mlt-salary"
    );
    assert_pings_nobody(&body);
    // The same through /ask.
    let ask = bot
        .command(
            &member(MEMBER_PERMISSIONS),
            "ask",
            vec![opt_str(
                "question",
                "How long is the MLT program? How much do MLTs make?",
            )],
        )
        .await;
    assert_eq!(ask["data"]["embeds"].as_array().unwrap().len(), 2, "{ask}");
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn what_several_questions_cannot_answer_is_said_beside_the_answers() {
    let bot = start_bot(|_| {}).await;
    let body = bot
        .mention_reply(
            user(42, "alice"),
            "How much do MLTs make? What is the tuition at my local college?",
        )
        .await;
    assert_eq!(body["embeds"].as_array().unwrap().len(), 1, "{body}");
    let content = body["content"].as_str().unwrap();
    assert!(
        content.contains("What is the tuition at my local college?")
            && content.contains("doesn't cover"),
        "{content}"
    );
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_message_of_many_questions_is_answered_within_discord_limits_and_the_rest_counted() {
    // Four answers at most, as embeds while they fit Discord's 6,000 characters (buttons for
    // the others: see render's unit tests); the questions past four are counted.
    let bot = start_bot(|_| {}).await;
    let body = bot
        .mention_reply(
            user(42, "alice"),
            "How much do MLTs make? How long is the MLT program? What does a phlebotomist do? \
             What is NAACLS? What is an MLS? Where do MAs work?",
        )
        .await;
    let embeds = body["embeds"].as_array().unwrap();
    let shown: usize = embeds
        .iter()
        .map(|e| {
            ["title", "description"]
                .iter()
                .map(|k| e[k].as_str().unwrap_or("").chars().count())
                .sum::<usize>()
                + e["footer"]["text"].as_str().unwrap_or("").chars().count()
        })
        .sum();
    assert!(shown <= 6000, "{shown}");
    let content = body["content"].as_str().unwrap_or("");
    assert!(content.contains("more question"), "{content}");
    let buttons: Vec<&str> = body["components"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|row| row["components"].as_array().unwrap())
        .filter_map(|b| b["custom_id"].as_str())
        .collect();
    let offered = buttons
        .iter()
        .filter(|b| b.starts_with("faq:show:"))
        .count();
    assert_eq!(
        embeds.len() + offered,
        4,
        "every answered question is there: {buttons:?}"
    );
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_follow_up_inherits_the_role_of_the_members_previous_question_and_says_so() {
    let bot = start_bot(|_| {}).await;
    let alice = || user(42, "alice");
    bot.mention_reply(alice(), "what does a phlebotomist do?")
        .await;
    let body = bot.mention_reply(alice(), "and where do they work?").await;
    let text = text_of(&body);
    assert!(
        text.contains("Following on from your last question") && text.contains("hlebotom"),
        "{body}"
    );

    // Never across members, nor across channels.
    let body = bot
        .mention_reply(user(43, "bob"), "and where do they work?")
        .await;
    assert!(!text_of(&body).contains("Following on"), "{body}");
    let mark = bot.fake.mark();
    bot.fake.dispatch(
        "MESSAGE_CREATE",
        message_create(
            fresh_id(),
            CHANNEL + 1,
            Some(GUILD),
            alice(),
            &format!("<@{BOT_ID}> and where do they work?"),
            vec![bot_user()],
        ),
    );
    let other_channel = bot.next_message(CHANNEL + 1, mark).await;
    assert!(!text_of(other_channel.json()).contains("Following on"));
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_follow_up_after_the_window_is_read_on_its_own() {
    let bot = start_bot(|s| s.discord.follow_up_window_secs = 1).await;
    let alice = || user(42, "alice");
    bot.mention_reply(alice(), "what does a phlebotomist do?")
        .await;
    tokio::time::sleep(Duration::from_millis(1500)).await;
    let body = bot.mention_reply(alice(), "and where do they work?").await;
    assert!(!text_of(&body).contains("Following on"), "{body}");
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn follow_ups_are_off_with_a_zero_window() {
    let bot = start_bot(|s| s.discord.follow_up_window_secs = 0).await;
    let alice = || user(42, "alice");
    bot.mention_reply(alice(), "what does a phlebotomist do?")
        .await;
    let body = bot.mention_reply(alice(), "and where do they work?").await;
    assert!(!text_of(&body).contains("Following on"), "{body}");
    bot.stop().await;
}
