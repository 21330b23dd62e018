//! A burst through Discord, measured from outside: the release `faqbot run` binary against the
//! fake Discord of the tests receives 10,000 mentions from 500 members across 20 channels, sent
//! as fast as the fake's gateway writes them. Prints answered, lost and duplicated replies,
//! event-to-reply p50/p99, the bot's HTTP connections (most open at once, and in all), and its
//! memory (VmRSS) when the 1,000th and the last question were answered, its peak, and after the
//! burst.
//!
//! Run with `cargo bench --bench discord_burst` (`QUESTIONS=N`, `MEMBERS=N`, `CHANNELS=N`).
//! The per-member limit is off (it would rightly stop 20 questions per member in seconds).
//! Targets on a 2-core machine: none lost, no duplicates, RSS peak <= 40 MB and <= 10% growth
//! from the 1,000th to the last question, <= 32 connections.

use std::collections::HashMap;
use std::process::Stdio;
use std::time::{Duration, Instant};

use fake_discord::process::{status_kb, SAMPLE_QUESTIONS};
use fake_discord::*;

fn env_or(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// Established TCP connections to `port` on 127.0.0.1 (only the bot connects to the fake REST).
fn open_connections(port: u16) -> usize {
    let port_hex = format!(":{port:04X}");
    ["/proc/net/tcp", "/proc/net/tcp6"]
        .iter()
        .filter_map(|f| std::fs::read_to_string(f).ok())
        .map(|t| {
            t.lines()
                .skip(1)
                .filter(|l| {
                    let cols: Vec<&str> = l.split_whitespace().collect();
                    cols.len() > 3 && cols[2].ends_with(&port_hex) && cols[3] == "01"
                })
                .count()
        })
        .sum()
}

/// The id of the message each successful reply refers to, in arrival order, with its time.
fn replies(fake: &FakeDiscord) -> Vec<(u64, Instant)> {
    fake.with_requests(|reqs| {
        reqs.iter()
            .filter(|r| r.status == 200 && r.is("POST", "/channels/*/messages"))
            .filter_map(|r| {
                let id = r.json()["message_reference"]["message_id"].as_str()?;
                Some((id.parse().ok()?, r.at))
            })
            .collect()
    })
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    if std::env::args().any(|a| a == "--list") {
        return;
    }
    let total = env_or("QUESTIONS", 10_000);
    let members = env_or("MEMBERS", 500) as u64;
    let channels = env_or("CHANNELS", 20) as u64;
    let fake = FakeDiscord::start().await;
    let rest_port: u16 = fake.rest_url().rsplit(':').next().unwrap().parse().unwrap();
    let mut bot = spawn_faqbot!(&fake, "warn", Stdio::inherit());
    let pid = bot.id();
    fake.wait_ready().await;
    fake.wait_for_request(|r| r.method == "PUT", DEFAULT_TIMEOUT)
        .await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    let rss_idle = status_kb(pid, "VmRSS:");

    let mut sent: HashMap<u64, Instant> = HashMap::with_capacity(total);
    let started = Instant::now();
    for i in 0..total {
        let id = fresh_id();
        let member = 60_000 + i as u64 % members;
        let channel = 100 + (i as u64 / members) % channels;
        let event = message_create(
            id,
            channel,
            Some(20),
            user(member, "member"),
            &format!(
                "<@{BOT_ID}> {}",
                SAMPLE_QUESTIONS[i % SAMPLE_QUESTIONS.len()]
            ),
            vec![bot_user()],
        );
        sent.insert(id, Instant::now());
        fake.dispatch("MESSAGE_CREATE", event);
        if i % 200 == 199 {
            tokio::task::yield_now().await;
        }
    }
    let send_time = started.elapsed();

    let mut rss_at_1000 = 0;
    let mut peak_open = 0;
    let deadline = Instant::now() + Duration::from_secs(300);
    let rss_at_last = loop {
        peak_open = peak_open.max(open_connections(rest_port));
        let answered = fake.with_requests(|reqs| {
            reqs.iter()
                .filter(|r| r.status == 200 && r.is("POST", "/channels/*/messages"))
                .count()
        });
        if rss_at_1000 == 0 && answered >= 1000.min(total) {
            rss_at_1000 = status_kb(pid, "VmRSS:");
        }
        if answered >= total {
            break status_kb(pid, "VmRSS:");
        }
        if Instant::now() > deadline {
            println!("timed out with {answered} of {total} answered");
            break status_kb(pid, "VmRSS:");
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    let burst_time = started.elapsed();
    tokio::time::sleep(Duration::from_secs(3)).await;
    let rss_after = status_kb(pid, "VmRSS:");
    let rss_peak = status_kb(pid, "VmHWM:");

    let replies = replies(&fake);
    let mut latencies: Vec<Duration> = Vec::with_capacity(replies.len());
    let mut answered_ids: HashMap<u64, usize> = HashMap::new();
    for (id, at) in &replies {
        if let Some(sent_at) = sent.get(id) {
            *answered_ids.entry(*id).or_default() += 1;
            if answered_ids[id] == 1 {
                latencies.push(at.saturating_duration_since(*sent_at));
            }
        }
    }
    latencies.sort();
    let pct = |p: usize| {
        latencies
            .get((latencies.len() * p / 100).min(latencies.len().saturating_sub(1)))
            .copied()
            .unwrap_or_default()
    };
    let duplicates: usize = answered_ids.values().map(|n| n - 1).sum();
    let lost = total - answered_ids.len();
    let growth = if rss_at_1000 > 0 {
        (rss_at_last as f64 / rss_at_1000 as f64 - 1.0) * 100.0
    } else {
        0.0
    };
    println!(
        "burst of {total} questions from {members} members in {channels} channels: sent in {send_time:.2?}, all handled in {burst_time:.2?}"
    );
    println!(
        "answered {}, lost {lost}, duplicates {duplicates}; event-to-reply p50 {:?}, p99 {:?}, max {:?}",
        answered_ids.len(),
        pct(50),
        pct(99),
        latencies.last().copied().unwrap_or_default()
    );
    println!(
        "HTTP connections to Discord: at most {peak_open} open at once, {} in all",
        fake.rest_connections()
    );
    println!(
        "bot memory (VmRSS): idle {rss_idle} kB, at the 1,000th answer {rss_at_1000} kB, at the last {rss_at_last} kB ({growth:+.1}%), peak {rss_peak} kB, 3 s after the burst {rss_after} kB"
    );

    bot.sigterm();
    bot.wait_exit(Duration::from_secs(10)).await; // killed on drop otherwise
    fake.assert_valid_requests();
}
