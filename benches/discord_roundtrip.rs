//! Question latency through Discord, measured from outside: the release `faqbot run` binary is
//! started against the fake Discord of the tests; for each of a few hundred mentions, the time
//! from the event leaving the fake gateway to the reply arriving at the fake REST server.
//! Prints p50/p99 and the bot process's memory (VmRSS, VmHWM).
//!
//! Run with `cargo bench --bench discord_roundtrip` (`ROUNDS=N` to change the count).

use std::process::Stdio;
use std::time::{Duration, Instant};

use fake_discord::process::{status_kb, SAMPLE_QUESTIONS};
use fake_discord::*;

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
    let mut bot = spawn_faqbot!(&fake, "warn", Stdio::inherit());
    fake.wait_ready().await;
    fake.wait_for_request(|r| r.method == "PUT", DEFAULT_TIMEOUT)
        .await;
    let rss_idle = status_kb(bot.id(), "VmRSS:");

    let mut times = Vec::with_capacity(rounds);
    for i in 0..rounds {
        let question = SAMPLE_QUESTIONS[i % SAMPLE_QUESTIONS.len()];
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
        rss_idle,
        status_kb(bot.id(), "VmRSS:"),
        status_kb(bot.id(), "VmHWM:")
    );
    bot.sigterm();
    bot.wait_exit(Duration::from_secs(10)).await; // killed on drop otherwise
    fake.assert_valid_requests();
}
