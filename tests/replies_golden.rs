//! The replies to every question of every set in `tests/data/`, pinned: `tests/golden/NAME.txt` is
//! what `faqbot eval -v tests/data/NAME.txt` prints (verdict, outcome, the entry or suggestions
//! with their scores, or why it declined, per question; then the totals).
//!
//! A change meant to be invisible (speed, restructuring) must leave every line as it is. A change
//! meant to change replies (tuning the matcher, editing `faq/`) regenerates the files and shows
//! the difference in its commit:
//!
//! ```sh
//! FAQBOT_BLESS=1 cargo test --test replies_golden
//! git diff tests/golden/
//! ```
//!
//! (or, equivalently, `faqbot eval -v tests/data/NAME.txt > tests/golden/NAME.txt` per set).

use std::path::{Path, PathBuf};

use faqbot::eval::{parse, report, run};
use faqbot::faq::{self, Rules};
use faqbot::matcher::Thresholds;

/// Lines shown around each difference at most.
const SHOWN: usize = 20;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn sets() -> Vec<PathBuf> {
    let mut sets: Vec<PathBuf> = std::fs::read_dir(root().join("tests/data"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    sets.sort();
    sets
}

#[test]
fn every_set_gets_the_pinned_replies() {
    let index = faq::load(&root().join("faq"), &Rules::inspecting())
        .unwrap()
        .index;
    let bless = std::env::var_os("FAQBOT_BLESS").is_some();
    let sets = sets();
    assert!(sets.len() >= 6, "the question sets are missing: {sets:?}");
    let mut failures = Vec::new();
    for set in sets {
        let name = set.file_name().unwrap().to_string_lossy().into_owned();
        let cases = parse(&std::fs::read_to_string(&set).unwrap()).unwrap();
        let (outcomes, summary) = run(&index, &Thresholds::default(), &cases);
        let now = report(&outcomes, &summary, true);
        let golden = root().join("tests/golden").join(&name);
        if bless {
            std::fs::create_dir_all(golden.parent().unwrap()).unwrap();
            std::fs::write(&golden, &now).unwrap();
            continue;
        }
        let Ok(pinned) = std::fs::read_to_string(&golden) else {
            failures.push(format!(
                "{name}: no {} (see this file's docs)",
                golden.display()
            ));
            continue;
        };
        let changed: Vec<String> = pinned
            .lines()
            .zip(now.lines())
            .filter(|(was, is)| was != is)
            .take(SHOWN)
            .map(|(was, is)| format!("  was: {was}\n  now: {is}"))
            .collect();
        if !changed.is_empty() || pinned.lines().count() != now.lines().count() {
            failures.push(format!(
                "{name}: replies changed ({} lines pinned, {} now)\n{}",
                pinned.lines().count(),
                now.lines().count(),
                changed.join("\n")
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{}\n\nIf the change is meant to change replies, regenerate: FAQBOT_BLESS=1 cargo test --test replies_golden",
        failures.join("\n\n")
    );
}
