//! The command line as scripts and moderators use it: the JSON contract, stdin mode, exit codes.

use assert_cmd::Command;
use predicates::prelude::*;
use serde_json::Value;

fn faqbot() -> Command {
    let mut cmd = Command::cargo_bin("faqbot").unwrap();
    cmd.current_dir(env!("CARGO_MANIFEST_DIR"))
        .env_remove("DISCORD_TOKEN")
        .env_remove("RUST_LOG");
    cmd
}

/// Runs the command, expects success, and returns one JSON value per stdout line.
fn json_of(cmd: &mut Command) -> Vec<Value> {
    json_lines(&cmd.assert().success().get_output().stdout)
}

fn json_lines(out: &[u8]) -> Vec<Value> {
    String::from_utf8_lossy(out)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{l:?}: {e}")))
        .collect()
}

#[test]
fn ask_json_follows_the_contract_for_each_outcome() {
    let v = &json_of(faqbot().args(["ask", "--json", "what is a phlebotomist"]))[0];
    assert_eq!(v["question"], "what is a phlebotomist");
    assert_eq!(v["outcome"], "answer");
    assert!(v["id"].is_string());
    assert!(v["answer"]
        .as_str()
        .unwrap()
        .to_lowercase()
        .contains("blood"));
    assert!(v["score"].as_f64().unwrap() > 0.0);
    assert_eq!(v["suggestions"], Value::Array(vec![]));
    assert_eq!(v["uncovered"], Value::Array(vec![]));

    let v = &json_of(faqbot().args(["ask", "--json", "hello"]))[0];
    assert_eq!(v["outcome"], "decline");
    assert_eq!(v["id"], Value::Null);
    assert_eq!(v["answer"], Value::Null);
    assert_eq!(v["uncovered"], Value::Array(vec![]));
    let keys: Vec<&String> = v.as_object().unwrap().keys().collect();
    assert_eq!(
        keys.len(),
        7,
        "exactly question, outcome, id, score, answer, suggestions, uncovered: {keys:?}"
    );
}

#[test]
fn ask_json_decline_names_what_the_faq_has_nothing_on() {
    let v = &json_of(faqbot().args(["ask", "--json", "is a DLM worth it after my MLS?"]))[0];
    assert_eq!(v["outcome"], "decline");
    assert_eq!(v["uncovered"], serde_json::json!(["DLM"]));
    let v = &json_of(faqbot().args(["ask", "--json", "what is the tuition for MLT school?"]))[0];
    assert_eq!(v["outcome"], "decline");
    assert!(
        v["uncovered"][0].as_str().unwrap().contains("tuition"),
        "{v}"
    );
}

#[test]
fn ask_json_clarify_lists_suggestions_with_id_question_score() {
    let out = faqbot()
        .args([
            "ask",
            "--json",
            "lab tech salary, certification, jobs, schools and online programs",
        ])
        .env("FAQBOT__MATCHING__ANSWER", "1.0")
        .env("FAQBOT__MATCHING__CLARIFY", "0.0")
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let v = &json_lines(&out)[0];
    assert_eq!(v["outcome"], "clarify");
    let s = v["suggestions"].as_array().unwrap();
    assert!(!s.is_empty() && s.len() <= 5);
    for item in s {
        assert!(
            item["id"].is_string() && item["question"].is_string() && item["score"].is_number()
        );
    }
}

#[test]
fn ask_reads_one_question_per_line_from_stdin_and_writes_one_reply_per_line() {
    let lines = json_of(
        faqbot()
            .args(["ask", "--json"])
            .write_stdin("what is a phlebotomist\nhello\nmlt salary\n"),
    );
    assert_eq!(lines.len(), 3);
    assert_eq!(lines[0]["question"], "what is a phlebotomist");
    assert_eq!(lines[1]["outcome"], "decline");
    assert_eq!(lines[2]["question"], "mlt salary");
}

#[test]
fn logs_never_reach_stdout() {
    faqbot()
        .args(["ask", "--json", "mlt salary"])
        .env("RUST_LOG", "trace")
        .assert()
        .success()
        .stdout(predicate::function(|s: &str| {
            s.lines().all(|l| serde_json::from_str::<Value>(l).is_ok())
        }));
}

#[test]
fn check_passes_the_shipped_faq_and_fails_a_broken_one_with_every_error() {
    faqbot()
        .args(["check"])
        .assert()
        .code(0)
        .stdout(predicate::str::contains("OK"));
    faqbot()
        .args(["check", "tests/fixtures/broken-entries"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("a.toml:11:"))
        .stderr(predicate::str::contains("entry[too-few].alternates"))
        .stderr(predicate::str::contains("b.toml:4:"))
        .stderr(predicate::str::contains("7 error(s)"));
}

#[test]
fn export_json_lists_every_entry_with_all_its_questions() {
    let out = faqbot()
        .args(["export", "--json"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let v: Value = serde_json::from_slice(&out).unwrap();
    let entries = v.as_array().unwrap();
    assert!(entries.len() >= 40);
    for e in entries {
        assert!(e["id"].is_string() && e["answer"].is_string());
        assert!(e["questions"].as_array().unwrap().len() >= 4);
    }
}

#[test]
fn eval_reports_the_score_of_a_question_file() {
    faqbot()
        .args(["eval", "tests/data/dev.txt"])
        .assert()
        .success()
        .stdout(predicate::str::contains("in scope:"))
        .stdout(predicate::str::contains("wrong answers: 0"));
}

#[test]
fn compare_shows_two_roles_side_by_side() {
    faqbot()
        .args(["compare", "mlt", "medical assistant"])
        .assert()
        .success()
        .stdout(predicate::str::contains("Education"))
        .stdout(predicate::str::contains("Medical laboratory technician"))
        .stdout(predicate::str::contains("Medical assistant"));
}

#[test]
fn compare_the_same_role_twice_or_an_unknown_role_is_one_clear_error() {
    faqbot()
        .args(["compare", "mlt", "lab tech"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("same role"));
    faqbot()
        .args(["compare", "mlt", "astronaut"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("no role called \"astronaut\""));
}

#[test]
fn errors_are_one_line_with_a_non_zero_exit() {
    let out = faqbot()
        .args(["--faq", "/nonexistent", "ask", "hi"])
        .assert()
        .code(2)
        .get_output()
        .stderr
        .clone();
    let err = String::from_utf8_lossy(&out);
    assert_eq!(err.trim().lines().count(), 1, "{err}");
    assert!(err.starts_with("error:"));
    faqbot()
        .args(["--config", "/nonexistent.toml", "ask", "hi"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "config file /nonexistent.toml not found",
        ));
}

#[test]
fn console_answers_until_end_of_input() {
    faqbot()
        .args(["run"])
        .write_stdin("what is a phlebotomist\n/topics\nhello\n")
        .assert()
        .success()
        .stdout(predicate::str::contains("faqbot console"))
        .stdout(predicate::str::contains("Sorry"))
        .stdout(predicate::str::contains("entries)"));
}

#[test]
fn debug_shows_roles_and_aspects_of_the_question_and_of_every_entry() {
    let out = faqbot()
        .args(["debug", "how much do phlebotomists make"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let text = String::from_utf8(out).unwrap();
    assert!(text.contains("read: roles [phlebotomist]"), "{text}");
    assert!(text.contains("aspects [pay]"), "{text}");
    let out = faqbot()
        .args(["debug", "--entries"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let text = String::from_utf8(out).unwrap();
    assert_eq!(text.lines().count(), 64, "{text}");
    assert!(
        text.lines()
            .any(|l| l.starts_with("mlt-salary ") && l.contains("aspects [pay] (read)")),
        "{text}"
    );
}
