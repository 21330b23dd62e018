//! Discord's 3 seconds: whatever may take longer before the first response (a lookup of the
//! server's roles, a reload, the database, an edit of the files) is deferred, then followed up.

use std::time::Duration;

use fake_discord::*;

use crate::support::*;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_moderator_command_defers_before_a_slow_role_lookup_and_looks_up_once() {
    let bot = start_bot_with(
        |fake| {
            fake.add_role(GUILD, 888, "FAQ Mods");
            // The server's roles take 4 s to come: past Discord's 3 s window.
            fake.delay_next("GET", "/guilds/*/roles", 1, Duration::from_secs(4));
        },
        |s| s.discord.moderator_role = "faq mods".into(),
    )
    .await;
    let mut moderator = member(MEMBER_PERMISSIONS);
    moderator.roles = vec!["888".into()];
    let payload = interaction_command(&moderator, "faq", vec![opt_subcommand("reload", vec![])]);
    let (payload, callback) = bot.interact(payload).await;
    assert_eq!(callback["type"], 5, "deferred first: {callback}");
    assert_eq!(
        callback["data"]["flags"].as_u64().unwrap_or(0) & EPHEMERAL,
        EPHEMERAL
    );
    let result = bot.edited(&payload).await;
    assert!(text_of(&result).contains("Reloaded the FAQ"), "{result}");
    // The deferral went out before the lookup answered (requests are recorded as answered).
    let requests = bot.fake.requests();
    let deferred_at = requests
        .iter()
        .position(|r| r.is("POST", "/interactions/*/*/callback"))
        .unwrap();
    let looked_up_at = requests
        .iter()
        .position(|r| r.is("GET", "/guilds/*/roles"))
        .unwrap();
    assert!(deferred_at < looked_up_at, "deferred after the lookup");

    // The roles are remembered: the next moderator command needs no lookup and no deferral.
    let body = bot
        .command(
            &moderator,
            "faq",
            vec![opt_subcommand(
                "debug",
                vec![opt_str("question", "mlt salary")],
            )],
        )
        .await;
    assert_eq!(body["type"], 4, "{body}");
    assert_eq!(bot.count(0, "GET", "/guilds/*/roles"), 1, "looked up once");
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_reload_is_deferred_even_for_a_manage_server_moderator() {
    let bot = start_bot(|_| {}).await;
    let payload = interaction_command(
        &member(MEMBER_PERMISSIONS | MANAGE_GUILD),
        "faq",
        vec![opt_subcommand("reload", vec![])],
    );
    let (payload, callback) = bot.interact(payload).await;
    assert_eq!(callback["type"], 5, "{callback}");
    assert!(text_of(&bot.edited(&payload).await).contains("Reloaded the FAQ"));
    bot.stop().await;
}
