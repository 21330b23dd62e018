//! The moderators' command line: `faqbot check` with `checks.txt`, `faqbot gaps` and
//! `faqbot stats` reading what the bot recorded.

use std::path::Path;

use assert_cmd::Command;
use faqbot::config::Settings;
use faqbot::store::{self, AskedQuestion, Missed, Store};
use predicates::prelude::*;
use serde_json::Value;

fn faqbot(db: &Path) -> Command {
    let mut cmd = Command::cargo_bin("faqbot").unwrap();
    cmd.current_dir(env!("CARGO_MANIFEST_DIR"))
        .env_remove("DISCORD_TOKEN")
        .env_remove("RUST_LOG")
        .env("FAQBOT__DATABASE__PATH", db);
    cmd
}

fn faq_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let shipped = Path::new(env!("CARGO_MANIFEST_DIR")).join("faq");
    for f in std::fs::read_dir(&shipped).unwrap() {
        let f = f.unwrap().path();
        std::fs::copy(&f, dir.path().join(f.file_name().unwrap())).unwrap();
    }
    dir
}

#[test]
fn check_runs_checks_txt_and_reports_a_failure_at_its_line() {
    let data = tempfile::tempdir().unwrap();
    let db = data.path().join("faqbot.db");
    faqbot(&db)
        .args(["check"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("checks passed"));

    let faq = faq_copy();
    let file = faq.path().join("education.toml");
    let text = std::fs::read_to_string(&file)
        .unwrap()
        .replace("typically takes **two years**", "takes a while");
    std::fs::write(&file, text).unwrap();
    let checks = std::fs::read_to_string(faq.path().join("checks.txt")).unwrap();
    let line = checks
        .lines()
        .position(|l| l.starts_with("how many years is an mlt associate degree"))
        .unwrap()
        + 1;
    faqbot(&db)
        .arg("check")
        .arg(faq.path())
        .assert()
        .code(1)
        .stderr(predicate::str::contains(format!(
            "checks.txt:{line}: error: check: \"how many years is an mlt associate degree\" should be answered with \"two years\""
        )))
        .stderr(predicate::str::contains("checks failed"));

    // A line that is not in the format is an error at its line too.
    std::fs::write(faq.path().join("checks.txt"), "# fine\nno separator here\n").unwrap();
    std::fs::write(
        &file,
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("faq/education.toml"))
            .unwrap(),
    )
    .unwrap();
    faqbot(&db)
        .arg("check")
        .arg(faq.path())
        .assert()
        .code(1)
        .stderr(predicate::str::contains("checks.txt:2: error: check:"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn gaps_and_stats_read_what_the_bot_recorded() {
    let data = tempfile::tempdir().unwrap();
    let db = data.path().join("faqbot.db");
    let mut settings = Settings::defaults();
    settings.database.path = db.clone();
    let store = Store::connect(&settings.database).await.unwrap();
    let now = store::now();
    for q in [
        "what color scrubs do lab techs wear",
        "what color scrubs do lab techs wear",
        "What color scrubs do lab techs wear??",
        "which scrubs do lab techs wear",
        "can i bring my dog to the lab",
    ] {
        store.record_unanswered(AskedQuestion {
            at: now,
            guild: Some(20),
            channel: 10,
            outcome: Missed::Declined,
            question: q.into(),
        });
    }
    store.record_given("mlt-salary", now);
    store.record_given("mlt-salary", now);
    store.record_vote("mlt-salary", 42, false, now);
    store.flush().await;
    store.close().await;

    let out = faqbot(&db)
        .args(["gaps", "--json"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let gaps: Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(gaps[0]["question"], "what color scrubs do lab techs wear");
    assert_eq!(gaps[0]["count"], 4);
    assert_eq!(gaps[0]["variants"].as_array().unwrap().len(), 3);
    assert_eq!(gaps[1]["count"], 1);
    faqbot(&db)
        .args(["gaps"])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "    4  what color scrubs do lab techs wear",
        ));

    let out = faqbot(&db)
        .args(["stats", "--json"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let stats: Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(stats[0]["id"], "mlt-salary");
    assert_eq!(stats[0]["given"], 2);
    assert_eq!(stats[0]["not_helpful"], 1);
    let entries = stats.as_array().unwrap().len();
    assert!(entries >= 60, "every entry is listed, zeros too: {entries}");
}

#[test]
fn gaps_says_clearly_when_the_database_cannot_be_opened() {
    let data = tempfile::tempdir().unwrap();
    std::fs::write(data.path().join("file"), "").unwrap();
    faqbot(&data.path().join("file/faqbot.db"))
        .args(["gaps"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("cannot open the database"));
}
