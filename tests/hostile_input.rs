//! Hostile input, generated: questions of any characters and length through the whole question
//! path (mention stripping, normalising, matching, rendering for Discord), and arbitrary bytes as
//! a FAQ file. No panic, nothing over Discord's limits, no ping, and clean diagnostics.
//!
//! `cargo test` runs a short pass (256 cases per property). The long run, 100,000 cases each:
//!
//! ```sh
//! PROPTEST_CASES=100000 cargo test --release --test hostile_input
//! ```

use std::path::Path;
use std::sync::OnceLock;

use faqbot::conversation;
use faqbot::corpus::{self, Severity};
use faqbot::discord::render;
use faqbot::discord::trigger;
use faqbot::matcher::Thresholds;
use faqbot::state::FaqState;
use proptest::prelude::*;
use serde_json::{json, Value};
use serenity::all::{ChannelId, MessageId};

/// Cases per property: `PROPTEST_CASES`, or a short run.
fn cases() -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(256)
}

fn config() -> ProptestConfig {
    ProptestConfig {
        cases: cases(),
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

fn shipped() -> &'static FaqState {
    static STATE: OnceLock<FaqState> = OnceLock::new();
    STATE.get_or_init(|| {
        FaqState::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("faq"))
            .unwrap()
            .0
    })
}

/// Pieces members (and attackers) put in questions.
const PIECES: &[&str] = &[
    "mlt",
    "salary",
    "phlebotomist",
    "how",
    "long",
    "is",
    "the",
    "program",
    "what",
    "degree",
    "certification",
    "ascp",
    "lab",
    "tech",
    "medical",
    "assistant",
    "pay",
    "?",
    "!",
    ",",
    ".",
    "@everyone",
    "@here",
    "<@1000>",
    "<@!1000>",
    "<@&555>",
    "<@42>",
    "<#10>",
    "`",
    "```",
    "**",
    "||",
    "> ",
    "\n",
    "\t",
    "\u{200b}",
    "\u{202e}",
    "\u{feff}",
    "e\u{301}",
    "İ",
    "ß",
    "ﬁ",
    "🧪",
    "👩‍🔬",
    "\u{10ffff}",
    "\0",
    "é",
    "日本語",
    "Z̷̢͉a̸l̶g̴o̵",
    "\\",
    "%s",
    "{}",
    "'; DROP TABLE",
];

fn question() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        prop::collection::vec(any::<char>(), 0..5000).prop_map(String::from_iter),
        prop::collection::vec(prop::sample::select(PIECES), 0..900).prop_map(|p| p.join(" ")),
        prop::collection::vec(prop::sample::select(PIECES), 0..60).prop_map(|p| p.concat()),
    ]
}

/// Asserts that a message body can ping no one.
fn pings_nobody(body: &Value) -> bool {
    let am = &body["allowed_mentions"];
    am["parse"] == json!([])
        && am["users"] == json!([])
        && am["roles"] == json!([])
        && am["replied_user"] != json!(true)
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn any_question_is_answered_within_discord_limits_and_pings_nobody(raw in question()) {
        let question = trigger::strip_bot_mention(&raw, 1000, Some(555));
        // What a mention gets: a turn of the conversation (several questions answered each,
        // as a follow-up of a question about phlebotomists).
        let turn = conversation::reply(&shipped().index(), &question, &Thresholds::default(), Some("phlebotomist"));
        let out = render::turn(&turn);

        let message = out.clone().into_message(ChannelId::new(10), MessageId::new(20));
        let body = serde_json::to_value(&message).unwrap();
        let problems = fake_discord::check_discord_limits(&body, true);
        prop_assert!(problems.is_empty(), "{problems:?}\n{body}");
        prop_assert!(pings_nobody(&body), "{body}");

        let response = serde_json::to_value(out.into_response()).unwrap();
        let problems = fake_discord::check_discord_limits(&response["data"], true);
        prop_assert!(problems.is_empty(), "{problems:?}\n{response}");
        prop_assert!(pings_nobody(&response["data"]), "{response}");
    }
}

/// A small valid topic file whose entries the fuzzed bytes replace or mutate.
const TOPIC: &str = r#"topic = "Fuzz"

[[entry]]
id = "fuzz-one"
question = "What is fuzzing?"
alternates = ["what is a fuzzer", "fuzz testing", "random input testing"]
answer = """
Feeding a program random input to find crashes.
"""
related = ["fuzz-two"]

[[entry]]
id = "fuzz-two"
question = "Why fuzz?"
alternates = ["why use fuzzing", "reason to fuzz", "fuzzing benefits"]
answer = "It finds the inputs nobody thought of."
related = ["fuzz-one"]
"#;

/// Bytes to write as a FAQ file: anything, or a valid file with a few bytes changed.
fn file_bytes() -> impl Strategy<Value = Vec<u8>> {
    let edits = prop::collection::vec((any::<prop::sample::Index>(), any::<u8>(), 0..3u8), 1..8);
    prop_oneof![
        prop::collection::vec(any::<u8>(), 0..3000),
        edits.prop_map(|edits| {
            let mut bytes = TOPIC.as_bytes().to_vec();
            for (at, byte, kind) in edits {
                let i = at.index(bytes.len() + 1);
                match kind {
                    0 => bytes.insert(i, byte),
                    1 if i < bytes.len() => bytes[i] = byte,
                    _ if i < bytes.len() => {
                        bytes.remove(i);
                    }
                    _ => bytes.push(byte),
                }
            }
            bytes
        }),
    ]
}

fn faq_folder() -> &'static Path {
    static DIR: OnceLock<tempfile::TempDir> = OnceLock::new();
    DIR.get_or_init(|| tempfile::tempdir().unwrap()).path()
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn any_bytes_as_a_faq_file_give_clean_diagnostics(
        bytes in file_bytes(),
        target in prop::sample::select(&["fuzz.toml", "roles.toml", "synonyms.toml"][..]),
    ) {
        let shipped = Path::new(env!("CARGO_MANIFEST_DIR")).join("faq");
        let dir = faq_folder();
        for name in corpus::REQUIRED_FILES {
            std::fs::copy(shipped.join(name), dir.join(name)).unwrap();
        }
        std::fs::write(dir.join("fuzz.toml"), TOPIC).unwrap();
        std::fs::write(dir.join(target), &bytes).unwrap();

        let diagnostics = match corpus::load_dir(dir, &faqbot::limits::FAQ_TEXT) {
            Ok(loaded) => loaded.warnings,
            Err(e) => {
                prop_assert!(e.errors().count() > 0);
                e.diagnostics
            }
        };
        let lines = String::from_utf8_lossy(&bytes).lines().count() + 1;
        for d in &diagnostics {
            prop_assert!(!d.message.trim().is_empty(), "{d:?}");
            prop_assert!(d.file.starts_with(dir), "{d:?}");
            if d.file.ends_with(target) && d.line > 0 {
                prop_assert!(d.line <= lines, "{d} (the file has {lines} lines)");
                prop_assert!(d.column > 0, "{d}");
            }
            let shown = d.to_string();
            prop_assert!(shown.contains(": error: ") || shown.contains(": warning: "), "{shown}");
            // Breaking roles.toml or synonyms.toml says nothing about the topic's entries.
            prop_assert!(
                target == "fuzz.toml" || !(d.severity == Severity::Error && d.message.contains("not the id of any entry")),
                "{d}"
            );
        }
    }
}
