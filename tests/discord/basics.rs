//! End to end: the real serenity client of the bot, started by `faqbot::discord::run`, against a
//! fake Discord (REST + gateway) on 127.0.0.1. Every request body the bot sends is checked
//! against Discord's OpenAPI schemas and limits by the fake.

use std::time::Duration;

use fake_discord::*;
use faqbot::config::Shards;
use serde_json::json;

use crate::support::*;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn registers_every_command_with_options_and_connects_with_the_right_intents() {
    let bot = start_bot(|_| {}).await;
    bot.fake.assert_first_request_is_gateway();
    let put = bot
        .fake
        .wait_for_request(
            |r| r.is("PUT", "/applications/1000/commands"),
            DEFAULT_TIMEOUT,
        )
        .await;
    let commands = put.json().as_array().unwrap();
    let names: Vec<&str> = commands
        .iter()
        .map(|c| c["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["ask", "compare", "roles", "faq", "help"]);
    let ask = &commands[0];
    assert_eq!(ask["options"][0]["name"], "question");
    assert_eq!(ask["options"][0]["autocomplete"], true);
    assert_eq!(ask["options"][0]["required"], true);
    // /compare offers the roles as you type (an edit of roles.toml shows without registering
    // the commands again).
    let compare = &commands[1];
    for option in compare["options"].as_array().unwrap() {
        assert_eq!(option["autocomplete"], true, "{option}");
        assert_eq!(option["required"], true, "{option}");
    }
    let mark = bot.fake.mark();
    bot.fake.dispatch(
        "INTERACTION_CREATE",
        interaction_autocomplete(
            &member(MEMBER_PERMISSIONS),
            "compare",
            vec![opt_focused("first", "")],
        ),
    );
    let offered = bot.callback(mark).await.json().clone();
    assert_eq!(offered["type"], 8);
    let values: Vec<&str> = offered["data"]["choices"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["value"].as_str().unwrap())
        .collect();
    for role in [
        "medical-assistant",
        "mlt",
        "mt-mls",
        "phlebotomist",
        "lab-assistant",
    ] {
        assert!(values.contains(&role), "{values:?}");
    }
    let faq_subs: Vec<&str> = commands[3]["options"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        faq_subs,
        ["topics", "show", "reload", "debug", "edit", "add", "remove", "gaps", "stats"]
    );
    // Guilds, guild messages and direct messages; no privileged intent without auto-answer.
    assert_eq!(bot.fake.identify_intents(), 1 | (1 << 9) | (1 << 12));
    assert_eq!(bot.fake.identify()["token"], "Bot fake-token");
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn registers_per_guild_when_guild_ids_are_configured() {
    let bot = start_bot(|s| s.discord.guild_ids = vec![77, 78]).await;
    for guild in [77, 78] {
        let route = format!("/applications/1000/guilds/{guild}/commands");
        bot.fake
            .wait_for_request(move |r| r.is("PUT", &route), DEFAULT_TIMEOUT)
            .await;
    }
    assert!(bot.fake.global_commands().is_empty());
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_mention_is_answered_with_an_embed_replying_to_the_message() {
    let bot = start_bot(|_| {}).await;
    let mark = bot.fake.mark();
    let msg_id = bot.mention(user(42, "alice"), "what does a phlebotomist do?");
    let req = bot.next_message(CHANNEL, mark).await;
    let body = req.json();
    let embed = &body["embeds"][0];
    assert!(embed["title"]
        .as_str()
        .unwrap()
        .to_lowercase()
        .contains("phlebotomist"));
    assert!(embed["description"]
        .as_str()
        .unwrap()
        .to_lowercase()
        .contains("blood"));
    assert_eq!(body["message_reference"]["message_id"], msg_id.to_string());
    assert_pings_nobody(body);
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_direct_message_is_answered_without_a_mention() {
    let bot = start_bot(|_| {}).await;
    let mark = bot.fake.mark();
    bot.fake.dispatch(
        "MESSAGE_CREATE",
        message_create(
            fresh_id(),
            55,
            None,
            user(42, "alice"),
            "mlt salary?",
            vec![],
        ),
    );
    let req = bot.next_message(55, mark).await;
    let embed = &req.json()["embeds"][0];
    assert!(embed["description"].as_str().unwrap().contains("57,"));
    assert!(embed["footer"]["text"].as_str().unwrap().contains("BLS"));
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn slash_ask_answers_with_title_answer_source_and_related_buttons() {
    let bot = start_bot(|_| {}).await;
    let body = bot
        .command(
            &member(MEMBER_PERMISSIONS),
            "ask",
            vec![opt_str("question", "how much do lab techs make")],
        )
        .await;
    assert_eq!(body["type"], 4);
    let data = &body["data"];
    let embed = &data["embeds"][0];
    assert!(embed["title"].is_string());
    assert!(embed["description"].as_str().unwrap().contains("$57,380"));
    assert!(embed["footer"]["text"]
        .as_str()
        .unwrap()
        .starts_with("Source: "));
    let buttons = data["components"][0]["components"].as_array().unwrap();
    assert!(!buttons.is_empty() && buttons.len() <= 3);
    assert!(buttons[0]["custom_id"]
        .as_str()
        .unwrap()
        .starts_with("faq:show:"));
    assert_eq!(
        data["flags"].as_u64().unwrap_or(0) & EPHEMERAL,
        0,
        "answers are public"
    );
    assert_pings_nobody(data);
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn autocomplete_offers_at_most_25_faq_questions() {
    let bot = start_bot(|_| {}).await;
    for typed in ["", "cert", "how long"] {
        let mark = bot.fake.mark();
        bot.fake.dispatch(
            "INTERACTION_CREATE",
            interaction_autocomplete(
                &member(MEMBER_PERMISSIONS),
                "ask",
                vec![opt_focused("question", typed)],
            ),
        );
        let body = bot.callback(mark).await.json().clone();
        assert_eq!(body["type"], 8);
        let choices = body["data"]["choices"].as_array().unwrap();
        assert!(
            !choices.is_empty() && choices.len() <= 25,
            "{typed:?}: {}",
            choices.len()
        );
        for c in choices {
            assert!(c["name"].as_str().unwrap().chars().count() <= 100);
        }
        if typed == "cert" {
            assert!(choices[0]["name"]
                .as_str()
                .unwrap()
                .to_lowercase()
                .contains("certif"));
        }
    }
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn compare_puts_two_roles_side_by_side_and_refuses_the_same_role_twice() {
    let bot = start_bot(|_| {}).await;
    let inv = member(MEMBER_PERMISSIONS);
    let body = bot
        .command(
            &inv,
            "compare",
            vec![
                opt_str("first", "mlt"),
                opt_str("second", "medical-assistant"),
            ],
        )
        .await;
    let embed = &body["data"]["embeds"][0];
    let fields = embed["fields"].as_array().unwrap();
    assert!(fields.len() <= 25);
    let names: Vec<&str> = fields.iter().map(|f| f["name"].as_str().unwrap()).collect();
    assert!(
        names
            .iter()
            .any(|n| n.starts_with("Education") && n.contains("technician")),
        "{names:?}"
    );
    assert!(
        names
            .iter()
            .any(|n| n.starts_with("Education") && n.contains("assistant")),
        "{names:?}"
    );
    assert!(fields.iter().all(|f| f["inline"] == true));

    let body = bot
        .command(
            &inv,
            "compare",
            vec![opt_str("first", "mlt"), opt_str("second", "mlt")],
        )
        .await;
    assert_eq!(
        body["data"]["flags"].as_u64().unwrap() & EPHEMERAL,
        EPHEMERAL
    );
    assert!(body["data"]["content"].as_str().unwrap().contains("twice"));
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn did_you_mean_buttons_answer_when_clicked() {
    // Strict thresholds make an ordinary question ambiguous, so the bot asks back.
    let bot = start_bot(|s| {
        s.matching.answer = 0.99;
        s.matching.margin = 0.5;
        s.matching.clarify = 0.2;
    })
    .await;
    let body = bot
        .mention_reply(user(42, "alice"), "tell me about lab tech school and pay")
        .await;
    assert_eq!(body["embeds"][0]["title"], "Did you mean…");
    let buttons = body["components"][0]["components"]
        .as_array()
        .unwrap()
        .clone();
    assert!((2..=5).contains(&buttons.len()), "{}", buttons.len());
    let custom_id = buttons[0]["custom_id"].as_str().unwrap().to_string();
    let entry = custom_id.strip_prefix("faq:pick:").unwrap().to_string();

    let mark = bot.fake.mark();
    let message = bot_message(fresh_id(), CHANNEL, "", json!(body["components"]));
    bot.fake.dispatch(
        "INTERACTION_CREATE",
        interaction_component(&member(MEMBER_PERMISSIONS), &custom_id, message),
    );
    let click = bot.callback(mark).await.json().clone();
    assert_eq!(
        click["type"], 7,
        "the suggestions are replaced by the answer"
    );
    let expected = bot
        .state
        .index()
        .corpus()
        .entry(&entry)
        .unwrap()
        .question
        .clone();
    assert_eq!(click["data"]["embeds"][0]["title"], expected.as_str());
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_off_topic_mention_gets_a_short_friendly_decline() {
    let bot = start_bot(|_| {}).await;
    let body = bot
        .mention_reply(
            user(42, "alice"),
            "how much does a pharmacy technician make?",
        )
        .await;
    let content = body["content"].as_str().unwrap();
    assert!(
        content.contains("/ask") && content.contains("/faq topics"),
        "{content}"
    );
    assert!(body["embeds"].as_array().is_none_or(|e| e.is_empty()));
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn faq_reload_is_refused_to_a_member_and_allowed_to_a_moderator() {
    let bot = start_bot(|_| {}).await;
    let body = bot
        .command(
            &member(MEMBER_PERMISSIONS),
            "faq",
            vec![opt_subcommand("reload", vec![])],
        )
        .await;
    assert_eq!(
        body["data"]["flags"].as_u64().unwrap() & EPHEMERAL,
        EPHEMERAL
    );
    assert!(body["data"]["content"]
        .as_str()
        .unwrap()
        .contains("Only moderators"));

    // A reload is deferred (reading and checking the files may take more than 3 s), then
    // the deferred response is edited.
    let body = bot
        .command_result(
            &member(MEMBER_PERMISSIONS | MANAGE_GUILD),
            "faq",
            vec![opt_subcommand("reload", vec![])],
        )
        .await;
    let count = bot.state.index().corpus().entries.len();
    assert!(
        body["content"]
            .as_str()
            .unwrap()
            .contains(&format!("**{count}** entries")),
        "{body}"
    );
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_moderator_role_named_in_config_is_a_moderator() {
    let bot = start_bot(|s| s.discord.moderator_role = "777".into()).await;
    let mut inv = member(MEMBER_PERMISSIONS);
    inv.roles = vec!["777".into()];
    let body = bot
        .command(
            &inv,
            "faq",
            vec![opt_subcommand(
                "debug",
                vec![opt_str("question", "mlt salary")],
            )],
        )
        .await;
    let embed = &body["data"]["embeds"][0];
    assert!(
        embed["description"]
            .as_str()
            .unwrap()
            .contains("mlt-salary"),
        "{body}"
    );
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_broken_edit_keeps_the_old_answers_and_reload_reports_file_line_field() {
    let bot = start_bot(|_| {}).await;
    let before = bot.state.index().reply("mlt salary", &Default::default());
    let file = bot.faq.path().join("salary-and-outlook.toml");
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(
        &file,
        text.replacen("\nquestion = ", "\nquestion = 42 #", 1),
    )
    .unwrap();

    let body = bot
        .command_result(
            &member(MANAGE_GUILD | MEMBER_PERMISSIONS),
            "faq",
            vec![opt_subcommand("reload", vec![])],
        )
        .await;
    let embed = &body["embeds"][0];
    assert!(embed["title"].as_str().unwrap().contains("Reload failed"));
    let errors = embed["description"].as_str().unwrap();
    assert!(errors.contains("salary-and-outlook.toml:"), "{errors}");

    // The old corpus still answers, through Discord too.
    assert_eq!(
        bot.state.index().reply("mlt salary", &Default::default()),
        before
    );
    let reply = bot.mention_reply(user(43, "bob"), "mlt salary").await;
    assert!(reply["embeds"][0]["description"]
        .as_str()
        .unwrap()
        .contains("57,"));
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn everyone_and_role_mentions_in_a_question_ping_nobody() {
    let bot = start_bot(|_| {}).await;
    let body = bot
        .mention_reply(
            user(42, "alice"),
            "@everyone @here <@&555> <@42> what is a phlebotomist",
        )
        .await;
    assert_pings_nobody(&body);
    // A declined question is also sent with mentions off.
    let body = bot.mention_reply(user(43, "bob"), "@everyone hi").await;
    assert_pings_nobody(&body);
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn messages_from_bots_and_unmentioned_chatter_are_ignored() {
    let bot = start_bot(|_| {}).await;
    let mark = bot.fake.mark();
    bot.mention(other_bot(99, "otherbot"), "what is a phlebotomist");
    bot.fake.dispatch(
        "MESSAGE_CREATE",
        message_create(
            fresh_id(),
            CHANNEL,
            Some(GUILD),
            user(42, "alice"),
            "what is a phlebotomist",
            vec![],
        ),
    );
    bot.fake
        .assert_no_request_within(
            |r| r.index >= mark && r.is("POST", "/channels/*/messages"),
            Duration::from_millis(700),
        )
        .await;
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_per_member_limit_stops_floods_with_a_notice_but_not_other_members() {
    let bot = start_bot(|s| {
        s.discord.questions_per_minute = 1.0;
        s.discord.question_burst = 1;
    })
    .await;
    bot.mention_reply(user(42, "alice"), "what is a phlebotomist")
        .await;
    // Limited: a short notice instead of an answer, not silence.
    let notice = bot.mention_reply(user(42, "alice"), "mlt salary").await;
    assert!(
        notice["content"]
            .as_str()
            .is_some_and(|c| c.contains("faster")),
        "{notice}"
    );
    assert!(notice["embeds"].as_array().is_none_or(|e| e.is_empty()));
    bot.mention_reply(user(43, "bob"), "mlt salary").await;
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn auto_answer_channels_answer_confident_questions_once_per_cooldown() {
    const AUTO: u64 = 31;
    let bot = start_bot(|s| s.discord.auto_answer_channels = vec![AUTO]).await;
    assert_ne!(
        bot.fake.identify_intents() & (1 << 15),
        0,
        "asks for Message Content"
    );
    let say = |content: &str| {
        bot.fake.dispatch(
            "MESSAGE_CREATE",
            message_create(
                fresh_id(),
                AUTO,
                Some(GUILD),
                user(42, "alice"),
                content,
                vec![],
            ),
        );
    };
    let mark = bot.fake.mark();
    say("what is blood banking");
    bot.next_message(AUTO, mark).await;
    let mark = bot.fake.mark();
    say("what is blood banking"); // same entry within the cool-down
    say("anyone up for lunch?"); // not a confident match
    bot.fake
        .assert_no_request_within(
            |r| r.index >= mark && r.is("POST", "/channels/*/messages"),
            Duration::from_millis(700),
        )
        .await;
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_refused_message_content_intent_is_logged_and_the_bot_keeps_running() {
    let bot = start_bot_with(
        |fake| fake.refuse_intents(1 << 15),
        |s| s.discord.auto_answer_channels = vec![31],
    )
    .await;
    assert_eq!(bot.fake.refused_identifies(), 1);
    let intents: Vec<u64> = bot
        .fake
        .identifies()
        .iter()
        .map(|d| d["intents"].as_u64().unwrap())
        .collect();
    assert_eq!(intents.last().unwrap() & (1 << 15), 0, "{intents:?}");
    bot.mention_reply(user(42, "alice"), "what is a phlebotomist")
        .await;
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn faq_topics_and_show_and_help_and_roles_fit_discord_limits() {
    let bot = start_bot(|_| {}).await;
    let inv = member(MEMBER_PERMISSIONS);
    for (name, options) in [
        ("faq", vec![opt_subcommand("topics", vec![])]),
        (
            "faq",
            vec![opt_subcommand("show", vec![opt_str("id", "mlt-salary")])],
        ),
        (
            "faq",
            vec![opt_subcommand("show", vec![opt_str("id", "no-such-entry")])],
        ),
        ("help", vec![]),
        ("roles", vec![]),
    ] {
        let mark = bot.fake.mark();
        bot.fake.dispatch(
            "INTERACTION_CREATE",
            interaction_command(&inv, name, options),
        );
        let req = bot.callback(mark).await;
        assert!(req.is_valid(), "{}", req.summary());
        assert_eq!(req.json()["type"], 4);
    }
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_shard_range_runs_only_its_shards_and_leaves_registration_to_shard_zero() {
    let bot = launch(
        FakeDiscord::start().await,
        tempfile::tempdir().unwrap(),
        |s, _| {
            s.discord.shards = Shards::Range {
                total: 2,
                first: 1,
                last: 1,
            }
        },
    )
    .await;
    bot.fake.wait_ready().await;
    assert_eq!(bot.fake.identify()["shard"], json!([1, 2]));
    bot.mention_reply(user(42, "alice"), "what is a phlebotomist")
        .await;
    bot.fake
        .assert_no_request_within(|r| r.method == "PUT", Duration::from_millis(300))
        .await;
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_malformed_event_is_skipped_and_the_bot_keeps_answering() {
    let bot = start_bot(|_| {}).await;
    let mark = bot.fake.mark();
    // A MESSAGE_CREATE without most required fields: serenity cannot read it.
    bot.fake.send_gateway_frame(json!({
        "op": 0, "t": "MESSAGE_CREATE", "s": 900,
        "d": {"id": "1", "channel_id": CHANNEL.to_string(), "content": "<@1000> mlt salary"}
    }));
    let huge = "what is a phlebotomist ".repeat(180); // about 4,000 characters
    let reply = bot.mention_reply(user(42, "alice"), &huge).await;
    assert!(reply["embeds"][0]["title"].is_string(), "{reply}");
    let posts = bot
        .fake
        .requests()
        .into_iter()
        .filter(|r| r.index >= mark && r.is("POST", "/channels/*/messages"))
        .count();
    assert_eq!(posts, 1, "only the readable question is answered");
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_gateway_without_a_shard_recommendation_gets_one_shard() {
    let bot = start_bot_with(|fake| fake.without_bot_gateway(), |_| {}).await;
    assert_eq!(bot.fake.identify()["shard"], json!([0, 1]));
    bot.mention_reply(user(42, "alice"), "what is a phlebotomist")
        .await;
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_moderator_role_given_by_name_is_looked_up_on_the_server() {
    let bot = start_bot_with(
        |fake| fake.add_role(GUILD, 888, "FAQ Mods"),
        |s| s.discord.moderator_role = "faq mods".into(),
    )
    .await;
    let debug = || {
        vec![opt_subcommand(
            "debug",
            vec![opt_str("question", "mlt salary")],
        )]
    };
    // The role lookup may be slow: the command is deferred before it, then answered.
    let mut moderator = member(MEMBER_PERMISSIONS);
    moderator.roles = vec!["888".into()];
    let body = bot.command_result(&moderator, "faq", debug()).await;
    assert!(
        body["embeds"][0]["description"]
            .as_str()
            .is_some_and(|d| d.contains("mlt-salary")),
        "{body}"
    );

    let mut other = member(MEMBER_PERMISSIONS);
    other.roles = vec!["999".into()];
    let body = bot.command_result(&other, "faq", debug()).await;
    assert!(
        body["content"]
            .as_str()
            .is_some_and(|c| c.contains("Only moderators")),
        "{body}"
    );
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn help_lists_every_command_from_the_command_table() {
    let bot = start_bot(|_| {}).await;
    let body = bot
        .command(&member(MEMBER_PERMISSIONS), "help", vec![])
        .await;
    let text = text_of(&body["data"]);
    for usage in [
        "/ask question:",
        "/compare first: second:",
        "/roles",
        "/faq topics",
        "/faq show id:",
        "/faq reload",
        "/faq debug question:",
        "/faq edit id:",
        "/faq add id: topic:",
        "/faq remove id:",
        "/faq gaps",
        "/faq stats",
        "/help",
    ] {
        assert!(
            text.contains(&format!("`{usage}`")),
            "{usage} missing: {text}"
        );
    }
    let (members, moderators) = text.split_once("Moderators:").unwrap();
    assert!(moderators.contains("/faq reload") && !members.contains("/faq reload"));
    assert_eq!(
        body["data"]["flags"].as_u64().unwrap() & EPHEMERAL,
        EPHEMERAL
    );
    bot.stop().await;
}
