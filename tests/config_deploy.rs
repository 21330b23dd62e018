//! Settings as deployments give them: lists from one environment variable however they are
//! written, a mistyped key refused with the key meant, and every threshold and duration checked
//! at start with its key's name (issue 12).

use std::ffi::OsString;
use std::path::Path;

use assert_cmd::Command;
use faqbot::config::{ConfigError, Settings, Shards};

/// A config file with `text`, so no developer's `config/local.toml` gets in the way.
fn config_file(text: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("faqbot.toml"), text).unwrap();
    dir
}

fn load(vars: &[(&str, &str)]) -> Result<Settings, ConfigError> {
    let dir = config_file("");
    load_in(&dir.path().join("faqbot.toml"), vars)
}

fn load_in(file: &Path, vars: &[(&str, &str)]) -> Result<Settings, ConfigError> {
    let vars: Vec<(OsString, OsString)> = vars
        .iter()
        .map(|(k, v)| (OsString::from(k), OsString::from(v)))
        .collect();
    Settings::load_with_env(Some(file), &vars)
}

#[test]
fn one_guild_id_from_the_environment_is_a_list_of_one() {
    let s = load(&[("FAQBOT__DISCORD__GUILD_IDS", "222222222222222222")]).unwrap();
    assert_eq!(s.discord.guild_ids, [222222222222222222]);
    let s = load(&[(
        "FAQBOT__DISCORD__AUTO_ANSWER_CHANNELS",
        "333333333333333333",
    )])
    .unwrap();
    assert_eq!(s.discord.auto_answer_channels, [333333333333333333]);
}

#[test]
fn id_lists_from_the_environment_take_commas_spaces_brackets_quotes_and_nothing() {
    let cases: &[(&str, &[u64])] = &[
        ("1,2", &[1, 2]),
        ("1, 2", &[1, 2]),
        (" 1 , 2 ", &[1, 2]),
        ("[1, 2]", &[1, 2]),
        ("\"1\",\"2\"", &[1, 2]),
        ("1 2", &[1, 2]),
        ("", &[]),
        ("[]", &[]),
    ];
    for key in [
        "FAQBOT__DISCORD__GUILD_IDS",
        "FAQBOT__DISCORD__AUTO_ANSWER_CHANNELS",
    ] {
        for (value, want) in cases {
            let s = load(&[(key, value)]).unwrap_or_else(|e| panic!("{key}={value:?}: {e}"));
            let got = if key.ends_with("GUILD_IDS") {
                &s.discord.guild_ids
            } else {
                &s.discord.auto_answer_channels
            };
            assert_eq!(got, want, "{key}={value:?}");
        }
    }
}

#[test]
fn a_word_in_an_id_list_is_refused_naming_the_variable() {
    let err = load(&[("FAQBOT__DISCORD__GUILD_IDS", "123, my-server")]).unwrap_err();
    let text = err.to_string();
    assert!(text.contains("FAQBOT__DISCORD__GUILD_IDS"), "{text}");
    assert!(text.contains("my-server"), "{text}");
}

#[test]
fn an_unknown_variable_is_reported_with_the_nearest_setting() {
    let err = load(&[("FAQBOT__DISCORD__GUILD_ID", "222222222222222222")]).unwrap_err();
    let text = err.to_string();
    assert!(text.contains("FAQBOT__DISCORD__GUILD_ID "), "{text}");
    assert!(
        text.contains("did you mean FAQBOT__DISCORD__GUILD_IDS?"),
        "{text}"
    );
    let err = load(&[("FAQBOT__MATCHING__ANSER", "0.6")]).unwrap_err();
    assert!(
        err.to_string().contains("FAQBOT__MATCHING__ANSWER"),
        "{err}"
    );
}

#[test]
fn an_unknown_key_in_a_config_file_is_reported_with_the_file_and_nearest_key() {
    let dir = config_file("[discord]\nguild_id = [222222222222222222]\n");
    let file = dir.path().join("faqbot.toml");
    let err = load_in(&file, &[]).unwrap_err();
    let text = err.to_string();
    assert!(text.contains("discord.guild_id`"), "{text}");
    assert!(text.contains("did you mean discord.guild_ids?"), "{text}");
    assert!(text.contains("faqbot.toml"), "{text}");

    // local.toml beside the file is held to the same rule.
    let dir = config_file("");
    std::fs::write(dir.path().join("local.toml"), "[matching]\nanwser = 0.6\n").unwrap();
    let err = load_in(&dir.path().join("faqbot.toml"), &[]).unwrap_err();
    assert!(err.to_string().contains("local.toml"), "{err}");
    assert!(err.to_string().contains("matching.answer"), "{err}");
}

#[test]
fn an_out_of_range_threshold_or_duration_is_refused_naming_its_key() {
    let cases = [
        ("FAQBOT__DISCORD__AUTO_ANSWER_THRESHOLD", "70"),
        ("FAQBOT__DISCORD__AUTO_ANSWER_THRESHOLD", "NaN"),
        ("FAQBOT__DISCORD__AUTO_ANSWER_THRESHOLD", "-1"),
        ("FAQBOT__MATCHING__ANSWER", "1.5"),
        ("FAQBOT__MATCHING__CLARIFY", "inf"),
        ("FAQBOT__MATCHING__MARGIN", "-0.1"),
        ("FAQBOT__MATCHING__MAX_SUGGESTIONS", "0"),
        ("FAQBOT__FAQ__DEBOUNCE_MS", "0"),
        ("FAQBOT__FAQ__DEBOUNCE_MS", "3600000"),
        ("FAQBOT__DISCORD__AUTO_ANSWER_COOLDOWN_SECS", "99999999999"),
        ("FAQBOT__DISCORD__QUESTIONS_PER_MINUTE", "-3"),
        ("FAQBOT__DISCORD__QUESTION_BURST", "0"),
        ("FAQBOT__DISCORD__MAX_IN_FLIGHT", "0"),
        ("FAQBOT__DISCORD__QUEUE_CAPACITY", "0"),
        ("FAQBOT__DATABASE__RETENTION_DAYS", "0"),
        ("FAQBOT__LOG__FILTER", "faqbot=loud"),
    ];
    for (var, value) in cases {
        let key = var
            .trim_start_matches("FAQBOT__")
            .to_lowercase()
            .replace("__", ".");
        let err = load(&[(var, value)])
            .err()
            .unwrap_or_else(|| panic!("{var}={value} was accepted"));
        let text = err.to_string();
        assert!(
            text.contains(&key) || text.contains(var),
            "{var}={value}: {text}"
        );
    }
    let err = load(&[("FAQBOT__DISCORD__AUTO_ANSWER_THRESHOLD", "70")]).unwrap_err();
    assert!(
        err.to_string().contains("0.7"),
        "says what was meant: {err}"
    );
}

#[test]
fn a_threshold_that_is_not_a_number_is_refused_naming_the_variable() {
    let err = load(&[("FAQBOT__MATCHING__ANSWER", "high")]).unwrap_err();
    assert!(
        err.to_string().contains("FAQBOT__MATCHING__ANSWER"),
        "{err}"
    );
}

#[test]
fn shards_are_split_across_processes_from_the_environment() {
    let s = load(&[
        ("FAQBOT__DISCORD__SHARDS__TOTAL", "2"),
        ("FAQBOT__DISCORD__SHARDS__FIRST", "1"),
        ("FAQBOT__DISCORD__SHARDS__LAST", "1"),
    ])
    .unwrap();
    assert_eq!(
        s.discord.shards,
        Shards::Range {
            total: 2,
            first: 1,
            last: 1
        }
    );
    let s = load(&[("FAQBOT__DISCORD__SHARDS", "auto")]).unwrap();
    assert_eq!(s.discord.shards, Shards::Auto("auto".into()));
}

#[test]
fn environment_values_of_every_kind_override_the_files() {
    let dir = config_file("[matching]\nanswer = 0.6\n[faq]\nwatch = true\n");
    let s = load_in(
        &dir.path().join("faqbot.toml"),
        &[
            ("FAQBOT__MATCHING__ANSWER", "0.55"),
            ("FAQBOT__FAQ__WATCH", "false"),
            ("FAQBOT__FAQ__DEBOUNCE_MS", "250"),
            ("FAQBOT__DISCORD__MODERATOR_ROLE", "123456"),
            ("FAQBOT__DATABASE__VOTE_SECRET", "1e5"),
            ("DISCORD_TOKEN", " abc.def "),
        ],
    )
    .unwrap();
    assert_eq!(s.matching.answer, 0.55);
    assert!(!s.faq.watch);
    assert_eq!(s.faq.debounce_ms, 250);
    assert_eq!(s.discord.moderator_role, "123456");
    assert_eq!(
        s.database.vote_secret.as_ref().map(|v| v.expose()),
        Some("1e5"),
        "a text setting is taken as written, not as a number"
    );
    assert_eq!(s.token().map(|t| t.expose()), Some("abc.def"));
    // Variables of other programs are none of faqbot's business.
    load(&[("FAQBOT_TEST_POSTGRES_URL", "x"), ("PATH", "/bin")]).unwrap();
}

/// The binary reads its settings before doing anything: the same rules hold there.
fn faqbot() -> Command {
    let mut cmd = Command::cargo_bin("faqbot").unwrap();
    cmd.current_dir(env!("CARGO_MANIFEST_DIR"))
        .env_remove("DISCORD_TOKEN")
        .env_remove("RUST_LOG");
    cmd
}

#[test]
fn the_bot_starts_with_one_guild_id_from_the_environment() {
    faqbot()
        .args(["check"])
        .env("FAQBOT__DISCORD__GUILD_IDS", "222222222222222222")
        .assert()
        .success();
}

#[test]
fn the_bot_refuses_to_start_with_an_out_of_range_threshold() {
    let out = faqbot()
        .args(["run"])
        .env("FAQBOT__DISCORD__AUTO_ANSWER_THRESHOLD", "70")
        .write_stdin("")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("discord.auto_answer_threshold = 70"),
        "{stderr}"
    );
    assert!(out.stdout.is_empty(), "nothing started");
}

#[test]
fn the_bot_refuses_to_start_with_a_mistyped_variable() {
    let out = faqbot()
        .args(["run"])
        .env("FAQBOT__DISCORD__GUILD_ID", "222222222222222222")
        .write_stdin("")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("FAQBOT__DISCORD__GUILD_IDS"), "{stderr}");
}
