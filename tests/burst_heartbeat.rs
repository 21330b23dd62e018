//! A burst never starves the heartbeat: the `faqbot run` binary, told by the fake Discord to
//! heartbeat every second, answers 3,000 mentions sent at once on the one connection it has,
//! without a missed heartbeat, a reconnect or a duplicate. (The numbers of a 10,000-question
//! burst are in `benches/discord_burst.rs`.)

use std::collections::HashSet;
use std::process::Stdio;
use std::time::{Duration, Instant};

use fake_discord::*;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_burst_of_mentions_is_all_answered_once_without_losing_the_gateway() {
    const QUESTIONS: usize = 3000;
    let fake = FakeDiscord::start().await;
    fake.set_heartbeat_interval(Duration::from_secs(1));
    let bot = spawn_faqbot!(&fake, "warn", Stdio::null());
    fake.wait_ready().await;
    fake.wait_for_request(|r| r.method == "PUT", DEFAULT_TIMEOUT)
        .await;
    let heartbeats_before = fake.heartbeat_count();
    let started = Instant::now();

    let mut asked = HashSet::new();
    let mark = fake.mark();
    for i in 0..QUESTIONS {
        let id = fresh_id();
        asked.insert(id.to_string());
        fake.dispatch(
            "MESSAGE_CREATE",
            message_create(
                id,
                100 + (i % 20) as u64,
                Some(20),
                user(70_000 + (i % 100) as u64, "member"),
                &format!("<@{BOT_ID}> what does a phlebotomist do? ({i})"),
                vec![bot_user()],
            ),
        );
    }
    let deadline = Instant::now() + Duration::from_secs(120);
    let answered: Vec<String> = loop {
        let answered: Vec<String> = fake.with_requests(|reqs| {
            reqs.iter()
                .filter(|r| r.index >= mark && r.status == 200)
                .filter(|r| r.is("POST", "/channels/*/messages"))
                .filter_map(|r| r.json()["message_reference"]["message_id"].as_str())
                .map(str::to_string)
                .collect()
        });
        if answered.len() >= QUESTIONS || Instant::now() > deadline {
            break answered;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    // Long enough for heartbeats to have been due during and after the burst.
    tokio::time::sleep(Duration::from_secs(3).saturating_sub(started.elapsed())).await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    drop(bot); // killed

    let distinct: HashSet<&String> = answered.iter().collect();
    assert_eq!(answered.len(), QUESTIONS, "every question answered once");
    assert_eq!(distinct.len(), QUESTIONS);
    assert!(distinct.iter().all(|id| asked.contains(*id)));
    assert_eq!(
        fake.gateway_connections(),
        1,
        "the shard never had to reconnect (its heartbeats kept being sent and acknowledged)"
    );
    assert!(fake.heartbeat_count() >= heartbeats_before + 2);
    fake.assert_valid_requests();
}
