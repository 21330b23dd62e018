//! Question latency through Discord, measured from outside: the release `faqbot run` binary is
//! started against the fake Discord of the tests; for each of a few hundred mentions, the time
//! from the event leaving the fake gateway to the reply arriving at the fake REST server.
//! Prints p50/p99 and the bot process's memory (VmRSS, VmHWM).
//!
//! Run with `cargo bench --bench discord_roundtrip` (`ROUNDS=N` to change the count).

#[path = "../tests/support/fake_discord.rs"]
mod fake_discord;

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use fake_discord::*;

const QUESTIONS: &[&str] = &[
    "what does a phlebotomist do",
    "mlt salary",
    "how long is the mlt program",
    "I'm a senior in high school thinking about becoming a lab tech, what kind of degree would I need and how long does it take?",
    "which certifications are available for lab technicians",
    "how much does a pharmacy technician make",
    "hello",
    "wat degree 4 mlt??",
];

fn status_kb(pid: u32, key: &str) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    status
        .lines()
        .find(|l| l.starts_with(key))?
        .split_whitespace()
        .nth(1)?
        .parse()
        .ok()
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    if std::env::args().any(|a| a == "--list") {
        return; // `cargo bench -- --list` probes benches; nothing to list here
    }
    let rounds: usize = std::env::var("ROUNDS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(300);
    let fake = FakeDiscord::start().await;
    let mut child = Command::new(env!("CARGO_BIN_EXE_faqbot"))
        .arg("run")
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("DISCORD_TOKEN", "bench-token")
        .env("FAQBOT__DISCORD__PROXY_URL", fake.rest_url())
        .env("FAQBOT__DISCORD__QUESTIONS_PER_MINUTE", "0")
        .env("RUST_LOG", "warn")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("start faqbot");
    fake.wait_ready().await;
    fake.wait_for_request(|r| r.method == "PUT", DEFAULT_TIMEOUT)
        .await;
    let rss_idle = status_kb(child.id(), "VmRSS:");

    let mut times = Vec::with_capacity(rounds);
    for i in 0..rounds {
        let question = QUESTIONS[i % QUESTIONS.len()];
        let mark = fake.mark();
        let event = message_create(
            fresh_id(),
            10,
            Some(20),
            user(50_000 + i as u64, "member"),
            &format!("<@{BOT_ID}> {question}"),
            vec![bot_user()],
        );
        let start = Instant::now();
        fake.dispatch("MESSAGE_CREATE", event);
        fake.wait_for_request(
            |r| r.index >= mark && r.is("POST", "/channels/10/messages"),
            DEFAULT_TIMEOUT,
        )
        .await;
        times.push(start.elapsed());
    }
    times.sort();
    let pct = |p: usize| times[(times.len() * p / 100).min(times.len() - 1)];
    println!(
        "discord round trip over {rounds} mentions: p50 {:?}, p99 {:?}, max {:?}",
        pct(50),
        pct(99),
        times[times.len() - 1]
    );
    println!(
        "bot memory: VmRSS idle {} kB, after {rounds} questions {} kB, peak (VmHWM) {} kB",
        rss_idle.unwrap_or(0),
        status_kb(child.id(), "VmRSS:").unwrap_or(0),
        status_kb(child.id(), "VmHWM:").unwrap_or(0)
    );
    let _ = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status();
    let deadline = Instant::now() + Duration::from_secs(10);
    while child.try_wait().ok().flatten().is_none() && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let _ = child.kill();
    fake.assert_valid_requests();
}
