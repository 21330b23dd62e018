//! The `faqbot` binary as an operator runs it: `faqbot run` with `DISCORD_TOKEN` and
//! `FAQBOT__DISCORD__PROXY_URL` set, against a fake Discord; SIGTERM stops it cleanly.

#[path = "support/fake_discord.rs"]
mod fake_discord;

use std::io::Read;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use fake_discord::*;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn faqbot_run_serves_discord_and_stops_on_sigterm_without_leaking_the_token() {
    let fake = FakeDiscord::start().await;
    let data = tempfile::tempdir().unwrap();
    let token = "fake-token.SECRET-PART";
    let mut child = Command::new(env!("CARGO_BIN_EXE_faqbot"))
        .arg("run")
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("DISCORD_TOKEN", token)
        .env("FAQBOT__DISCORD__PROXY_URL", fake.rest_url())
        .env("FAQBOT__DATABASE__PATH", data.path().join("faqbot.db"))
        .env("RUST_LOG", "debug")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();

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

    let status = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let started = Instant::now();
    let exit = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "no exit within 10 s of SIGTERM"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
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
