//! A gateway outage as an operator sees it: the `faqbot run` binary against the fake Discord,
//! whose gateway resets the connection and refuses new ones for a while.
//!
//! Alone in its test binary, so the CPU it measures is the bot's only. The bot is a
//! [`BotProcess`]: killed when the test ends, pass or fail, with its own temporary database.

use std::io::Read;
use std::process::Stdio;
use std::time::{Duration, Instant};

use fake_discord::process::{cpu_time, BotProcess};
use fake_discord::*;

fn start(fake: &FakeDiscord) -> (BotProcess, std::thread::JoinHandle<String>) {
    let mut bot = spawn_faqbot!(fake, "info", Stdio::piped());
    let mut stderr = bot.child().stderr.take().unwrap();
    let log = std::thread::spawn(move || {
        let mut text = String::new();
        let _ = stderr.read_to_string(&mut text);
        text
    });
    (bot, log)
}

fn question(text: &str) -> serde_json::Value {
    message_create(
        fresh_id(),
        10,
        Some(20),
        user(42, "alice"),
        &format!("<@{BOT_ID}> {text}"),
        vec![bot_user()],
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn after_an_outage_the_bot_resumes_answers_what_was_asked_meanwhile_and_sigterm_always_exits()
{
    let fake = FakeDiscord::start().await;
    let (mut bot, log) = start(&fake);
    fake.wait_ready().await;
    fake.wait_for_request(|r| r.method == "PUT", DEFAULT_TIMEOUT)
        .await;
    let pid = bot.id();

    // The connection is reset and the gateway refuses connections for 6 s.
    const OUTAGE: Duration = Duration::from_secs(6);
    let cpu_before = cpu_time(pid);
    let down_at = Instant::now();
    fake.gateway_outage(OUTAGE);
    tokio::time::sleep(Duration::from_millis(500)).await;
    let mark = fake.mark();
    fake.dispatch("MESSAGE_CREATE", question("what does a phlebotomist do?"));
    tokio::time::sleep(OUTAGE.saturating_sub(down_at.elapsed())).await;
    let back_at = Instant::now();
    let cpu_while_down = cpu_time(pid) - cpu_before;
    let wall_while_down = back_at - down_at;
    // Waiting to reconnect costs next to nothing: a busy loop would use a whole core. (Half is a
    // bound a loaded 2-core machine meets: other work slows the bot down, it never adds to its
    // CPU time.)
    assert!(
        cpu_while_down < wall_while_down / 2,
        "the bot used {cpu_while_down:?} of CPU during {wall_while_down:?} of outage"
    );

    // Back within a few seconds, on the same session: the question asked meanwhile is replayed
    // and answered.
    fake.wait_resumed_count(1, Duration::from_secs(15)).await;
    let reply = fake
        .wait_for_request(
            |r| r.index >= mark && r.is("POST", "/channels/10/messages") && r.status == 200,
            Duration::from_secs(15),
        )
        .await;
    // The backoff caps at 4 s (+25% jitter); a fresh IDENTIFY after missed heartbeats (the
    // fault fixed in vendor/serenity) took 30-40 s. 15 s leaves room for a loaded machine.
    let healed = reply.at.saturating_duration_since(back_at);
    assert!(
        healed < Duration::from_secs(15),
        "answered {healed:?} after the gateway came back"
    );
    assert!(fake.replayed_count() >= 1);
    assert_eq!(
        fake.identifies().len(),
        1,
        "resumed, not identified anew (which loses the events missed)"
    );

    // SIGTERM while the gateway is down again: a clean exit, code 0, within 10 s.
    fake.gateway_outage(Duration::from_secs(120));
    tokio::time::sleep(Duration::from_millis(1500)).await;
    assert!(bot.sigterm());
    let exit = bot
        .wait_exit(Duration::from_secs(10))
        .await
        .expect("an exit within 10 s of SIGTERM"); // else the guard kills it
    let log = log.join().unwrap();
    assert!(exit.success(), "exit {exit:?}\n{log}");
    fake.assert_valid_requests();
}
