//! Self-tests of the fake Discord harness (the `fake-discord` crate in tests/fake-discord/), driven by the real
//! serenity client and no faqbot code: they prove that the fake speaks enough Discord for
//! serenity, that its payload builders reach handlers, and that its request validation bites.

use std::sync::Arc;
use std::time::Duration;

use fake_discord::*;
use serde_json::{json, Value};
use serenity::all::{
    ButtonStyle, ChannelId, ClientBuilder, CommandInteraction, CommandOptionType,
    ComponentInteraction, Context, CreateActionRow, CreateAllowedMentions,
    CreateAutocompleteResponse, CreateButton, CreateCommand, CreateCommandOption, CreateEmbed,
    CreateEmbedFooter, CreateInteractionResponse, CreateInteractionResponseFollowup,
    CreateInteractionResponseMessage, CreateMessage, EditInteractionResponse, EventHandler,
    GatewayIntents, GuildId, HttpBuilder, Interaction, Message, Permissions, Ready, ShardManager,
};
use serenity::model::application::Command;

const GUILD: u64 = 20;
const CHANNEL: u64 = 10;

/// A minimal bot: answers "ping" with "pong", registers commands on READY and answers
/// interactions with every kind of response the FAQ bot is likely to use.
struct Handler;

#[serenity::async_trait]
impl EventHandler for Handler {
    async fn ready(&self, ctx: Context, _ready: Ready) {
        let faq = CreateCommand::new("faq")
            .description("Ask the FAQ")
            .add_option(
                CreateCommandOption::new(CommandOptionType::String, "query", "Your question")
                    .required(true)
                    .set_autocomplete(true),
            );
        let admin = CreateCommand::new("faqadmin")
            .description("Manage the FAQ")
            .default_member_permissions(Permissions::MANAGE_GUILD)
            .add_option(
                CreateCommandOption::new(CommandOptionType::SubCommand, "reload", "Reload")
                    .add_sub_option(CreateCommandOption::new(
                        CommandOptionType::Boolean,
                        "force",
                        "Reload even if unchanged",
                    )),
            );
        Command::set_global_commands(&ctx.http, vec![faq.clone(), admin])
            .await
            .expect("global command registration");
        GuildId::new(GUILD)
            .set_commands(&ctx.http, vec![faq])
            .await
            .expect("guild command registration");
    }

    async fn message(&self, ctx: Context, msg: Message) {
        if msg.content == "ping" {
            msg.channel_id
                .send_message(
                    &ctx.http,
                    CreateMessage::new()
                        .content("pong")
                        .allowed_mentions(CreateAllowedMentions::new()),
                )
                .await
                .expect("send pong");
        }
    }

    async fn interaction_create(&self, ctx: Context, interaction: Interaction) {
        match interaction {
            Interaction::Command(cmd) => answer_command(&ctx, &cmd).await,
            Interaction::Autocomplete(ac) => {
                let partial = ac
                    .data
                    .autocomplete()
                    .map(|o| o.value.to_string())
                    .unwrap_or_default();
                ac.create_response(
                    &ctx.http,
                    CreateInteractionResponse::Autocomplete(
                        CreateAutocompleteResponse::new()
                            .add_string_choice(format!("{partial} salary"), "salary")
                            .add_string_choice(format!("{partial} training"), "training"),
                    ),
                )
                .await
                .expect("autocomplete response");
            }
            Interaction::Component(c) => answer_component(&ctx, &c).await,
            _ => {}
        }
    }
}

async fn answer_command(ctx: &Context, cmd: &CommandInteraction) {
    let manage = cmd
        .member
        .as_ref()
        .and_then(|m| m.permissions)
        .map(|p| p.manage_guild());
    let query = cmd
        .data
        .options
        .first()
        .and_then(|o| o.value.as_str())
        .unwrap_or("")
        .to_string();
    let content = format!(
        "user={} manage_guild={manage:?} query={query}",
        cmd.user.name
    );
    let message = CreateInteractionResponseMessage::new()
        .content(content)
        .embed(
            CreateEmbed::new()
                .title("Salary")
                .description("Clinical laboratory scientists ...")
                .field("Median", "about 60k", true)
                .footer(CreateEmbedFooter::new("faqbot"))
                .url("https://example.org/faq#salary"),
        )
        .components(vec![CreateActionRow::Buttons(vec![
            CreateButton::new("faq:more:salary")
                .label("More")
                .style(ButtonStyle::Primary),
            CreateButton::new_link("https://example.org/faq").label("Docs"),
        ])])
        .allowed_mentions(CreateAllowedMentions::new())
        .ephemeral(true);
    cmd.create_response(&ctx.http, CreateInteractionResponse::Message(message))
        .await
        .expect("command response");
    cmd.edit_response(&ctx.http, EditInteractionResponse::new().content("edited"))
        .await
        .expect("edit original");
    cmd.create_followup(
        &ctx.http,
        CreateInteractionResponseFollowup::new()
            .content("follow-up")
            .ephemeral(true),
    )
    .await
    .expect("follow-up");
}

async fn answer_component(ctx: &Context, c: &ComponentInteraction) {
    c.create_response(
        &ctx.http,
        CreateInteractionResponse::UpdateMessage(
            CreateInteractionResponseMessage::new()
                .content(format!("clicked {}", c.data.custom_id))
                .components(vec![]),
        ),
    )
    .await
    .expect("update message");
}

/// A running serenity client connected to `fake`.
struct Bot {
    shard_manager: Arc<ShardManager>,
    task: tokio::task::JoinHandle<()>,
}

impl Bot {
    async fn start(fake: &FakeDiscord) -> Bot {
        let http = HttpBuilder::new("fake-token")
            .proxy(fake.rest_url())
            .ratelimiter_disabled(true)
            .build();
        let intents = GatewayIntents::GUILD_MESSAGES
            | GatewayIntents::DIRECT_MESSAGES
            | GatewayIntents::MESSAGE_CONTENT;
        let mut client = ClientBuilder::new_with_http(http, intents)
            .event_handler(Handler)
            .await
            .expect("client builds");
        let shard_manager = client.shard_manager.clone();
        let task = tokio::spawn(async move {
            client.start().await.expect("client runs");
        });
        Bot {
            shard_manager,
            task,
        }
    }

    async fn stop(self) {
        self.shard_manager.shutdown_all().await;
        tokio::time::timeout(Duration::from_secs(10), self.task)
            .await
            .expect("client task ends after shutdown_all")
            .expect("client task did not panic");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ping_pong_through_real_serenity_client() {
    let started = std::time::Instant::now();
    let fake = FakeDiscord::start().await;
    let bot = Bot::start(&fake).await;
    fake.wait_ready().await;

    // The guard from the notes: the client really talks to the fake.
    fake.assert_first_request_is_gateway();
    let identify = fake.identify();
    assert_eq!(identify["token"], "Bot fake-token");
    let intents = fake.identify_intents();
    assert_ne!(intents & GatewayIntents::MESSAGE_CONTENT.bits(), 0);

    let mark = fake.mark();
    fake.dispatch(
        "MESSAGE_CREATE",
        message_create(
            fresh_id(),
            CHANNEL,
            Some(GUILD),
            user(42, "alice"),
            "ping",
            vec![],
        ),
    );
    let req = fake
        .wait_for_request(
            |r| r.index >= mark && r.is("POST", "/channels/*/messages"),
            DEFAULT_TIMEOUT,
        )
        .await;
    assert_eq!(req.route, format!("/channels/{CHANNEL}/messages"));
    assert_eq!(req.path, format!("/api/v10/channels/{CHANNEL}/messages"));
    assert_eq!(req.json()["content"], "pong");
    // serenity serializes an empty CreateAllowedMentions with all three lists empty.
    assert_eq!(
        req.json()["allowed_mentions"],
        json!({"parse": [], "users": [], "roles": []})
    );
    assert_eq!(req.header("authorization"), Some("Bot fake-token"));
    assert_eq!(
        req.schema_route,
        Some("POST /channels/{channel_id}/messages")
    );
    assert!(req.is_valid(), "{:?}", req.violations);
    assert_eq!(req.status, 200);

    // A DM works too, and a bot's own messages are not answered by this handler.
    let mark = fake.mark();
    fake.dispatch(
        "MESSAGE_CREATE",
        message_create(fresh_id(), 11, None, user(43, "bob"), "ping", vec![]),
    );
    fake.wait_for_request(
        |r| r.index >= mark && r.is("POST", "/channels/11/messages"),
        DEFAULT_TIMEOUT,
    )
    .await;
    let mark = fake.mark();
    fake.dispatch(
        "MESSAGE_CREATE",
        message_create(fresh_id(), 11, None, user(43, "bob"), "hello", vec![]),
    );
    fake.assert_no_request_within(
        |r| r.index >= mark && r.is("POST", "/channels/*/messages"),
        Duration::from_millis(300),
    )
    .await;

    fake.assert_valid_requests();
    bot.stop().await;
    eprintln!("ping_pong selftest took {:?}", started.elapsed());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn commands_and_interactions_through_real_serenity_client() {
    let fake = FakeDiscord::start().await;
    let bot = Bot::start(&fake).await;
    fake.wait_ready().await;

    // Registration (global and guild) is schema-checked and echoed with ids.
    let put = fake
        .wait_for_request(
            |r| r.is("PUT", &format!("/applications/{BOT_ID}/commands")),
            DEFAULT_TIMEOUT,
        )
        .await;
    assert_eq!(put.json().as_array().map(Vec::len), Some(2));
    assert_eq!(put.json()[1]["default_member_permissions"], "32");
    fake.wait_for_request(
        |r| {
            r.is(
                "PUT",
                &format!("/applications/{BOT_ID}/guilds/{GUILD}/commands"),
            )
        },
        DEFAULT_TIMEOUT,
    )
    .await;
    assert_eq!(fake.global_commands().len(), 2);
    assert_eq!(fake.guild_commands(GUILD).len(), 1);

    // Slash command from a guild member holding MANAGE_GUILD.
    let admin = Invoker::guild_member(
        GUILD,
        CHANNEL,
        user(42, "alice"),
        MEMBER_PERMISSIONS | MANAGE_GUILD,
    );
    let ix = interaction_command(&admin, "faq", vec![opt_str("query", "salary")]);
    let token = ix["token"].as_str().unwrap().to_string();
    let id = ix["id"].as_str().unwrap().to_string();
    fake.dispatch("INTERACTION_CREATE", ix);
    let cb = fake
        .wait_for_request(
            |r| r.is("POST", &format!("/interactions/{id}/{token}/callback")),
            DEFAULT_TIMEOUT,
        )
        .await;
    assert_eq!(cb.status, 204);
    assert_eq!(cb.json()["type"], 4);
    assert_eq!(
        cb.json()["data"]["content"],
        "user=alice manage_guild=Some(true) query=salary"
    );
    assert_eq!(cb.json()["data"]["flags"], 64);
    let edit = fake
        .wait_for_request(
            |r| {
                r.is(
                    "PATCH",
                    &format!("/webhooks/{BOT_ID}/{token}/messages/@original"),
                )
            },
            DEFAULT_TIMEOUT,
        )
        .await;
    assert_eq!(edit.json()["content"], "edited");
    let follow = fake
        .wait_for_request(
            |r| r.is("POST", &format!("/webhooks/{BOT_ID}/{token}")),
            DEFAULT_TIMEOUT,
        )
        .await;
    assert_eq!(follow.json()["content"], "follow-up");
    assert_eq!(follow.status, 200);

    // The same command from a member without MANAGE_GUILD, and from a DM.
    let member = Invoker::guild_member(GUILD, CHANNEL, user(43, "bob"), MEMBER_PERMISSIONS);
    let ix = interaction_command(&member, "faq", vec![opt_str("query", "x")]);
    let token = ix["token"].as_str().unwrap().to_string();
    fake.dispatch("INTERACTION_CREATE", ix);
    let cb = fake
        .wait_for_request(
            |r| r.is("POST", &format!("/interactions/*/{token}/callback")),
            DEFAULT_TIMEOUT,
        )
        .await;
    assert_eq!(
        cb.json()["data"]["content"],
        "user=bob manage_guild=Some(false) query=x"
    );
    let dm = Invoker::dm(11, user(44, "carol"));
    let ix = interaction_command(&dm, "faq", vec![opt_str("query", "y")]);
    let token = ix["token"].as_str().unwrap().to_string();
    fake.dispatch("INTERACTION_CREATE", ix);
    let cb = fake
        .wait_for_request(
            |r| r.is("POST", &format!("/interactions/*/{token}/callback")),
            DEFAULT_TIMEOUT,
        )
        .await;
    assert_eq!(
        cb.json()["data"]["content"],
        "user=carol manage_guild=None query=y"
    );

    // Autocomplete.
    let ix = interaction_autocomplete(&member, "faq", vec![opt_focused("query", "sal")]);
    let token = ix["token"].as_str().unwrap().to_string();
    fake.dispatch("INTERACTION_CREATE", ix);
    let cb = fake
        .wait_for_request(
            |r| r.is("POST", &format!("/interactions/*/{token}/callback")),
            DEFAULT_TIMEOUT,
        )
        .await;
    assert_eq!(cb.json()["type"], 8);
    assert_eq!(cb.json()["data"]["choices"][0]["name"], "sal salary");

    // Button click on the bot's (edited) original response.
    let original = fake
        .original_response(&follow_token(&edit))
        .expect("original response stored");
    let ix = interaction_component(&member, "faq:more:salary", original);
    let token = ix["token"].as_str().unwrap().to_string();
    fake.dispatch("INTERACTION_CREATE", ix);
    let cb = fake
        .wait_for_request(
            |r| r.is("POST", &format!("/interactions/*/{token}/callback")),
            DEFAULT_TIMEOUT,
        )
        .await;
    assert_eq!(cb.json()["type"], 7);
    assert_eq!(cb.json()["data"]["content"], "clicked faq:more:salary");

    fake.assert_valid_requests();
    bot.stop().await;
}

/// The interaction token in a `/webhooks/{app}/{token}/...` route.
fn follow_token(r: &RecordedRequest) -> String {
    r.route.split('/').nth(3).unwrap().to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn gateway_reconnect_resumes_and_events_still_flow() {
    let fake = FakeDiscord::start().await;
    let bot = Bot::start(&fake).await;
    fake.wait_ready().await;

    // Op 1 from the server asks for an immediate heartbeat; the fake ACKs it (op 11) and the
    // shard stays connected.
    fake.send_gateway_frame(json!({"op": 1, "d": null}));
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert!(fake.gateway_frames().iter().any(|f| f["op"] == 1));
    assert_eq!(fake.gateway_connections(), 1);

    // Op 7 RECONNECT: serenity reconnects to the same URL and RESUMEs.
    fake.request_reconnect();
    fake.wait_resumed_count(1, Duration::from_secs(20)).await;
    assert_eq!(fake.gateway_connections(), 2);

    // The server closes the connection (code 4000): serenity reconnects again.
    fake.drop_gateway_connection();
    fake.wait_until_connections(3, Duration::from_secs(20))
        .await;
    fake.wait_resumed_count(2, Duration::from_secs(20)).await;

    let mark = fake.mark();
    fake.dispatch(
        "MESSAGE_CREATE",
        message_create(
            fresh_id(),
            CHANNEL,
            Some(GUILD),
            user(42, "alice"),
            "ping",
            vec![],
        ),
    );
    fake.wait_for_request(
        |r| r.index >= mark && r.is("POST", "/channels/*/messages"),
        DEFAULT_TIMEOUT,
    )
    .await;
    fake.assert_valid_requests();
    bot.stop().await;
}

#[tokio::test]
#[should_panic(expected = "refusing to dispatch MESSAGE_CREATE")]
async fn dispatch_panics_on_malformed_message_create() {
    let fake = FakeDiscord::start().await;
    let mut payload = message_create(1, CHANNEL, Some(GUILD), user(42, "alice"), "hi", vec![]);
    payload.as_object_mut().unwrap().remove("timestamp");
    // No shard needed: the payload is checked before anything is sent.
    fake.dispatch("MESSAGE_CREATE", payload);
}

#[test]
fn payload_builders_produce_events_serenity_accepts() {
    let guild = Invoker::guild_member(GUILD, CHANNEL, user(42, "alice"), MANAGE_GUILD);
    let dm = Invoker::dm(11, user(43, "bob"));
    let msg = bot_message(
        7,
        CHANNEL,
        "hello",
        json!([{"type": 1, "components": [
            {"type": 2, "style": 1, "custom_id": "a", "label": "A"}
        ]}]),
    );
    let cases: Vec<(&str, Value)> = vec![
        (
            "MESSAGE_CREATE",
            message_create(
                1,
                CHANNEL,
                Some(GUILD),
                user(42, "alice"),
                "<@1000> hi",
                vec![bot_user()],
            ),
        ),
        (
            "MESSAGE_CREATE",
            message_create(2, 11, None, other_bot(50, "otherbot"), "hi", vec![]),
        ),
        ("MESSAGE_CREATE", msg.clone()),
        (
            "INTERACTION_CREATE",
            interaction_command(&guild, "faq", vec![opt_str("query", "q")]),
        ),
        (
            "INTERACTION_CREATE",
            interaction_command(
                &dm,
                "faqadmin",
                vec![opt_subcommand("reload", vec![opt_bool("force", true)])],
            ),
        ),
        (
            "INTERACTION_CREATE",
            interaction_command(
                &guild,
                "faqadmin",
                vec![opt_subcommand_group(
                    "entry",
                    vec![opt_subcommand("show", vec![opt_int("n", 3)])],
                )],
            ),
        ),
        (
            "INTERACTION_CREATE",
            interaction_autocomplete(&guild, "faq", vec![opt_focused("query", "sa")]),
        ),
        (
            "INTERACTION_CREATE",
            interaction_component(&guild, "a", msg.clone()),
        ),
        (
            "INTERACTION_CREATE",
            interaction_select(&dm, "pick", &["x", "y"], msg.clone()),
        ),
        (
            "INTERACTION_CREATE",
            interaction_modal_submit(&guild, "modal", &[("question", "Q?"), ("answer", "A.")]),
        ),
    ];
    for (t, d) in &cases {
        if let Err(e) = check_dispatch(t, d) {
            panic!("{t} builder payload rejected: {e}\n{d:#}");
        }
    }
    // And they become the expected interaction kinds.
    let kinds: Vec<&str> = cases[3..]
        .iter()
        .map(
            |(_, d)| match serde_json::from_value::<Interaction>(d.clone()).unwrap() {
                Interaction::Command(_) => "command",
                Interaction::Autocomplete(_) => "autocomplete",
                Interaction::Component(_) => "component",
                Interaction::Modal(_) => "modal",
                _ => "other",
            },
        )
        .collect();
    assert_eq!(
        kinds,
        [
            "command",
            "command",
            "command",
            "autocomplete",
            "component",
            "component",
            "modal"
        ]
    );
    // An unknown event name is rejected too.
    assert!(check_dispatch("MESAGE_CREATE", &cases[0].1).is_err());
}

#[test]
fn schema_validator_accepts_good_and_rejects_bad_bodies() {
    const MSG: &str = "POST /channels/{channel_id}/messages";
    const CB: &str = "POST /interactions/{interaction_id}/{interaction_token}/callback";
    const PUT: &str = "PUT /applications/{application_id}/commands";

    let good = json!({"content": "hi", "allowed_mentions": {"parse": []}, "tts": false,
        "embeds": [{"title": "t", "description": "d", "fields": [{"name": "n", "value": "v"}]}]});
    assert_eq!(validate_request_body(MSG, &good), Ok(()));

    for (bad, needle) in [
        (json!({"content": 5}), "/content"),
        (
            json!({"content": "x", "allowed_mentions": {"parse": ["bogus"]}}),
            "/allowed_mentions",
        ),
        (json!({"embeds": [{"title": 12}]}), "/embeds/0/title"),
        (
            json!({"content": "x", "components": [{"type": 1, "components": []}]}),
            "/components/0",
        ),
    ] {
        let errs = validate_request_body(MSG, &bad).expect_err(&bad.to_string());
        assert!(
            errs.iter().any(|e| e.starts_with(needle)),
            "{bad}: expected an error at {needle}, got {errs:?}"
        );
    }

    // Interaction callbacks: the error names the branch chosen by `type`.
    assert_eq!(
        validate_request_body(CB, &json!({"type": 4, "data": {"content": "ok"}})),
        Ok(())
    );
    let errs =
        validate_request_body(CB, &json!({"type": 4, "data": {"content": ["no"]}})).unwrap_err();
    assert!(
        errs.iter()
            .any(|e| e.contains("CreateMessageInteractionCallbackRequest")),
        "{errs:?}"
    );
    assert!(validate_request_body(CB, &json!({"type": 99})).is_err());

    // Command registration: serenity's string permissions are accepted (documented patch).
    let cmd = json!([{"name": "faq", "description": "Ask", "default_member_permissions": "32",
        "options": [{"type": 3, "name": "query", "description": "q", "required": true}]}]);
    assert_eq!(validate_request_body(PUT, &cmd), Ok(()));
    let errs =
        validate_request_body(PUT, &json!([{"name": "FAQ", "description": "Ask"}])).unwrap_err();
    assert!(errs.iter().any(|e| e.contains("lower-case")), "{errs:?}");
}

#[test]
fn limit_checks_count_characters_and_catch_what_the_schema_misses() {
    const MSG: &str = "POST /channels/{channel_id}/messages";
    const CB: &str = "POST /interactions/{interaction_id}/{interaction_token}/callback";

    // 2000 two-byte characters are fine, 2001 are not (the spec itself allows 4000).
    let ok = "é".repeat(2000);
    assert_eq!(validate_request_body(MSG, &json!({"content": ok})), Ok(()));
    let long = "é".repeat(2001);
    let errs = validate_request_body(MSG, &json!({"content": long})).unwrap_err();
    assert!(errs.iter().any(|e| e.contains("2001")), "{errs:?}");

    let field = json!({"name": "n", "value": "v".repeat(1000)});
    let six_k = json!({"embeds": [{"title": "t", "fields": vec![field; 7]}]});
    let errs = check_discord_limits(&six_k, true);
    assert!(errs.iter().any(|e| e.contains("6000")), "{errs:?}");

    let button =
        |i: usize| json!({"type": 2, "style": 1, "custom_id": format!("b{i}"), "label": "x"});
    let row = |from: usize| json!({"type": 1, "components": (from..from + 5).map(button).collect::<Vec<_>>()});
    let six_rows =
        json!({"content": "x", "components": (0..6).map(|i| row(i * 5)).collect::<Vec<_>>()});
    assert!(check_discord_limits(&six_rows, true)
        .iter()
        .any(|e| e.contains("6 action rows")));
    let dup = json!({"content": "x", "components": [row(0), row(0)]});
    assert!(check_discord_limits(&dup, true)
        .iter()
        .any(|e| e.contains("duplicate custom_id")));
    assert!(check_discord_limits(&json!({"embeds": []}), true)
        .iter()
        .any(|e| e.contains("empty message")));
    let empty_field = json!({"embeds": [{"title": "t", "fields": [{"name": "n", "value": ""}]}]});
    assert!(!check_discord_limits(&empty_field, true).is_empty());

    let choices: Vec<Value> = (0..26)
        .map(|i| json!({"name": format!("c{i}"), "value": "v"}))
        .collect();
    let errs =
        validate_request_body(CB, &json!({"type": 8, "data": {"choices": choices}})).unwrap_err();
    assert!(!errs.is_empty());
    let errs = validate_request_body(
        CB,
        &json!({"type": 8, "data": {"choices": [{"name": "n".repeat(101), "value": "v"}]}}),
    )
    .unwrap_err();
    assert!(
        errs.iter().any(|e| e.contains("/data/choices/0/name")),
        "{errs:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn invalid_bodies_get_400_and_are_recorded() {
    let fake = FakeDiscord::start().await;
    let http = HttpBuilder::new("fake-token")
        .proxy(fake.rest_url())
        .ratelimiter_disabled(true)
        .build();

    // Raw bodies through serenity's Http: a bad type, then a 2001-character message.
    let err = http
        .send_message(ChannelId::new(CHANNEL), vec![], &json!({"content": 5}))
        .await
        .expect_err("fake answers 400");
    assert!(err.to_string().contains("Invalid Form Body"), "{err}");
    let long = "x".repeat(2001);
    http.send_message(ChannelId::new(CHANNEL), vec![], &json!({"content": long}))
        .await
        .expect_err("fake answers 400");
    let reqs = fake.requests();
    assert_eq!(reqs.len(), 2);
    assert!(reqs.iter().all(|r| r.status == 400 && !r.is_valid()));

    let v = fake.take_violations();
    assert_eq!(v.len(), 2);
    assert!(v[0].problems.iter().any(|p| p.starts_with("/content")));
    assert!(v[1].problems.iter().any(|p| p.contains("2001")));
    fake.assert_valid_requests(); // taken: nothing left

    // Unknown routes are 404 with a Discord-style error; `?&k=v` queries are parsed.
    let err = http
        .get_messages(ChannelId::new(CHANNEL), None, Some(5))
        .await
        .expect_err("404");
    assert!(err.to_string().contains("Unknown"), "{err}");
    let get = fake.requests().pop().unwrap();
    assert_eq!(get.status, 404);
    assert_eq!(get.query_param("limit"), Some("5"));
    assert_eq!(get.route, format!("/channels/{CHANNEL}/messages"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn wait_for_request_fails_fast_on_invalid_match() {
    let fake = Arc::new(FakeDiscord::start().await);
    let http = HttpBuilder::new("fake-token")
        .proxy(fake.rest_url())
        .ratelimiter_disabled(true)
        .build();
    let _ = http
        .send_message(
            ChannelId::new(CHANNEL),
            vec![],
            &json!({"embeds": [{"title": 1}]}),
        )
        .await;
    let f = fake.clone();
    let result = tokio::spawn(async move {
        f.wait_for_request(|r| r.is("POST", "/channels/*/messages"), DEFAULT_TIMEOUT)
            .await;
    })
    .await;
    let panic = result.expect_err("wait_for_request panics");
    let text = panic
        .into_panic()
        .downcast::<String>()
        .map(|s| *s)
        .unwrap_or_default();
    assert!(text.contains("/embeds/0/title"), "{text}");
    fake.take_violations();
}

/// Permission lookups over REST (what a framework such as poise does for `required_permissions`):
/// fetch the guild, the channel and the member and compute the permissions.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn permission_lookups_reproduce_the_invoker_permissions() {
    use serenity::all::{Channel, UserId};
    let fake = FakeDiscord::start().await;
    let http = HttpBuilder::new("fake-token")
        .proxy(fake.rest_url())
        .ratelimiter_disabled(true)
        .build();
    fake.register_member(&Invoker::guild_member(
        GUILD,
        CHANNEL,
        user(42, "alice"),
        MEMBER_PERMISSIONS | MANAGE_GUILD,
    ));
    fake.register_member(&Invoker::guild_member(
        GUILD,
        CHANNEL,
        user(43, "bob"),
        MEMBER_PERMISSIONS,
    ));

    let guild = GuildId::new(GUILD)
        .to_partial_guild(&http)
        .await
        .expect("GET /guilds/{id}");
    let Channel::Guild(channel) = ChannelId::new(CHANNEL)
        .to_channel(&http)
        .await
        .expect("GET /channels/{id}")
    else {
        panic!("expected a guild channel");
    };
    for (uid, manage) in [(42, true), (43, false)] {
        let member = guild
            .member(&http, UserId::new(uid))
            .await
            .expect("GET /guilds/{g}/members/{u}");
        let perms = guild.user_permissions_in(&channel, &member);
        assert_eq!(perms.manage_guild(), manage, "user {uid}: {perms:?}");
        assert!(perms.send_messages());
    }
    assert!(guild.member(&http, UserId::new(44)).await.is_err());
    assert!(ChannelId::new(99).to_channel(&http).await.is_err());
    fake.assert_valid_requests();
}
