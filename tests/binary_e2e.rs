//! The `faqbot` binary as an operator runs it: `faqbot run` with `DISCORD_TOKEN` and
//! `FAQBOT__DISCORD__PROXY_URL` set, against a fake Discord; SIGTERM stops it cleanly.

use std::io::Read;
use std::process::Stdio;
use std::time::Duration;

use fake_discord::*;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn faqbot_run_serves_discord_and_stops_on_sigterm_without_leaking_the_token() {
    let fake = FakeDiscord::start().await;
    let token = "fake-token.SECRET-PART";
    // Killed when the test ends, pass or fail; its own temporary database.
    let mut bot = spawn_faqbot!(
        &fake,
        "debug",
        Stdio::piped(),
        |c: &mut std::process::Command| {
            c.env("DISCORD_TOKEN", token)
                .env_remove("FAQBOT__DISCORD__QUESTIONS_PER_MINUTE")
                .stdout(Stdio::piped());
        }
    );
    let child = bot.child();

    // Drain the child's output as it comes: a full pipe would block its logging, and it.
    let drain = |mut pipe: Box<dyn Read + Send>| {
        std::thread::spawn(move || {
            let mut text = String::new();
            let _ = pipe.read_to_string(&mut text);
            text
        })
    };
    let stderr_reader = drain(Box::new(child.stderr.take().unwrap()));
    let stdout_reader = drain(Box::new(child.stdout.take().unwrap()));

    fake.wait_ready().await;
    fake.wait_for_request(
        |r| r.is("PUT", "/applications/1000/commands"),
        DEFAULT_TIMEOUT,
    )
    .await;
    let mark = fake.mark();
    fake.dispatch(
        "MESSAGE_CREATE",
        message_create(
            fresh_id(),
            10,
            Some(20),
            user(42, "alice"),
            &format!("<@{BOT_ID}> how long is an MLT program?"),
            vec![bot_user()],
        ),
    );
    let reply = fake
        .wait_for_request(
            |r| r.index >= mark && r.is("POST", "/channels/10/messages"),
            DEFAULT_TIMEOUT,
        )
        .await;
    assert!(reply.json()["embeds"][0]["description"].is_string());

    assert!(bot.sigterm());
    let exit = bot
        .wait_exit(Duration::from_secs(10))
        .await
        .expect("an exit within 10 s of SIGTERM");
    let stderr = stderr_reader.join().unwrap();
    let stdout = stdout_reader.join().unwrap();
    assert!(exit.success(), "exit {exit:?}\n{stderr}");
    assert!(stderr.contains("invite link"), "{stderr}");
    assert!(
        stderr.contains("scope=bot%20applications.commands"),
        "{stderr}"
    );
    assert!(stderr.contains("entries="), "{stderr}");
    assert!(
        !stderr.contains("SECRET-PART") && !stdout.contains("SECRET-PART"),
        "token leaked"
    );
    fake.assert_valid_requests();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_bot_started_by_a_failing_test_is_killed_and_has_its_own_database() {
    let fake = FakeDiscord::start().await;
    let (tx, rx) = std::sync::mpsc::channel();
    // A test that panics while its bot runs: the guard kills the bot as the panic unwinds.
    let failed = std::thread::scope(|scope| {
        scope
            .spawn(|| {
                let bot = spawn_faqbot!(&fake, "warn", Stdio::null());
                let database = bot.data_dir().join("faqbot.db");
                let started = std::time::Instant::now();
                while !database.exists() && started.elapsed() < Duration::from_secs(20) {
                    std::thread::sleep(Duration::from_millis(50));
                }
                tx.send((bot.id(), database.clone(), database.exists()))
                    .unwrap();
                panic!("the test failed while its bot ran");
            })
            .join()
    });
    assert!(failed.is_err());
    let (pid, database, created) = rx.recv().unwrap();
    assert!(created, "the bot's database is {}", database.display());
    assert!(
        !std::path::Path::new(&format!("/proc/{pid}")).exists(),
        "the bot {pid} outlived its test"
    );
    assert!(
        !database.starts_with(env!("CARGO_MANIFEST_DIR")),
        "a temporary database, not the project's: {}",
        database.display()
    );
}
