//! A gateway outage as an operator sees it: the `faqbot run` binary against the fake Discord,
//! whose gateway resets the connection and refuses new ones for a while.
//!
//! Alone in its test binary, so the CPU it measures is the bot's only.

#[path = "support/bot_process.rs"]
mod bot_process;
#[path = "support/fake_discord.rs"]
mod fake_discord;

use std::io::Read;
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

use bot_process::*;
use fake_discord::*;

/// CPU time (user + system) the process `pid` has used, from /proc.
fn cpu_time(pid: u32) -> Duration {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).expect("the bot is running");
    // Fields after the command name (which may contain spaces) in parentheses.
    let fields: Vec<&str> = stat
        .rsplit_once(')')
        .unwrap()
        .1
        .split_whitespace()
        .collect();
    let ticks: u64 = fields[11].parse::<u64>().unwrap() + fields[12].parse::<u64>().unwrap();
    Duration::from_millis(ticks * 10) // USER_HZ is 100 on Linux
}

fn start(fake: &FakeDiscord) -> (Child, std::thread::JoinHandle<String>) {
    let mut child = spawn_faqbot(fake, "info", Stdio::piped());
    let mut stderr = child.stderr.take().unwrap();
    let log = std::thread::spawn(move || {
        let mut text = String::new();
        let _ = stderr.read_to_string(&mut text);
        text
    });
    (child, log)
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
    let (mut child, log) = start(&fake);
    fake.wait_ready().await;
    fake.wait_for_request(|r| r.method == "PUT", DEFAULT_TIMEOUT)
        .await;
    let pid = child.id();

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
    // Waiting to reconnect costs next to nothing (a busy loop would use a whole core).
    assert!(
        cpu_while_down < wall_while_down / 5,
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
    let healed = reply.at.saturating_duration_since(back_at);
    assert!(
        healed < Duration::from_secs(6),
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
    assert!(sigterm(pid));
    let signalled = Instant::now();
    let exit = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if signalled.elapsed() > Duration::from_secs(10) {
            let _ = child.kill();
            panic!("no exit within 10 s of SIGTERM");
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    let log = log.join().unwrap();
    assert!(exit.success(), "exit {exit:?}\n{log}");
    fake.assert_valid_requests();
}
