//! Changing entries without the files' hand edits (the engine behind `/faq edit|add|remove`):
//! validation like the files, byte-preserving write-back, conflicts, checks, atomic reloads.

use std::path::{Path, PathBuf};

use faqbot::faq_edit::{self, Change, Draft, EditError, Editor};
use faqbot::matcher::Thresholds;
use faqbot::state::FaqState;

/// A copy of the shipped FAQ (with its checks.txt), served with checks on.
fn faq_copy() -> (tempfile::TempDir, FaqState, Editor) {
    let dir = tempfile::tempdir().unwrap();
    let shipped = Path::new(env!("CARGO_MANIFEST_DIR")).join("faq");
    for f in std::fs::read_dir(&shipped).unwrap() {
        let f = f.unwrap().path();
        std::fs::copy(&f, dir.path().join(f.file_name().unwrap())).unwrap();
    }
    let (state, _) = FaqState::load(dir.path()).unwrap();
    let state = state.with_checks(Thresholds::default());
    let editor = Editor::new(dir.path(), Thresholds::default());
    (dir, state, editor)
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap()
}

/// The text of a file before and after the `[[entry]]` table of `id`.
fn around_entry(text: &str, id: &str) -> (String, String) {
    let marker = format!("id = \"{id}\"");
    let at = text.find(&marker).unwrap();
    let start = text[..at].rfind("[[entry]]").unwrap();
    let end = text[at..].find("[[entry]]").map_or(text.len(), |i| at + i);
    (text[..start].to_string(), text[end..].to_string())
}

fn edit_of(dir: &Path, id: &str, change: impl FnOnce(&mut Draft)) -> (Change, PathBuf) {
    let found = faq_edit::locate(dir, id).unwrap();
    let mut draft = found.draft.clone();
    change(&mut draft);
    (
        Change::Edit {
            id: id.into(),
            base: found.version,
            draft,
        },
        found.file,
    )
}

#[test]
fn topics_are_the_files_with_entries_not_the_required_ones() {
    let shipped = Path::new(env!("CARGO_MANIFEST_DIR")).join("faq");
    let topics = faq_edit::topics(&shipped);
    assert_eq!(topics.len(), 6, "{topics:?}");
    for required in ["roles", "synonyms", "aspects"] {
        assert!(!topics.iter().any(|t| t == required), "{topics:?}");
    }
}

#[test]
fn every_shipped_topic_file_round_trips_byte_for_byte() {
    let shipped = Path::new(env!("CARGO_MANIFEST_DIR")).join("faq");
    for topic in faq_edit::topics(&shipped) {
        let text = read(&shipped.join(format!("{topic}.toml")));
        let doc: toml_edit::DocumentMut = text.parse().unwrap();
        assert_eq!(doc.to_string(), text, "{topic}.toml");
    }
}

#[test]
fn an_edit_rewrites_only_its_entry_and_is_served_at_once() {
    let (dir, state, editor) = faq_copy();
    let id = "mlt-degree-length";
    let (change, file) = edit_of(dir.path(), id, |d| {
        d.answer.push_str("\n\nPart-time programs take longer.");
        d.alternates
            .push("how long is an mlt program part time".into());
    });
    let before = read(&file);
    let applied = editor.apply(&state, &change).unwrap();
    let after = read(&file);
    assert_eq!(around_entry(&before, id), around_entry(&after, id));
    assert!(
        after.contains("Part-time programs take longer.\n\"\"\""),
        "{after}"
    );
    assert!(after.contains("  \"how long is an mlt program part time\",\n]"));
    assert!(applied.before.unwrap().contains("two years"));
    assert!(applied.after.unwrap().contains("Part-time"));
    let served = state.index();
    assert!(served
        .corpus()
        .entry(id)
        .unwrap()
        .answer
        .contains("Part-time"));
    // Only the changed fields were rewritten: the `related` line is as it was.
    let (_, entry_and_rest) = after.split_at(after.find(&format!("id = \"{id}\"")).unwrap());
    assert!(entry_and_rest.contains(
        "related = [\"education-required\", \"certificate-program-for-bachelor-holders\", \"what-are-clinical-rotations\"]"
    ));
    // No temporary file is left behind.
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".faqbot-tmp"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn a_second_edit_from_an_old_version_is_a_conflict() {
    let (dir, state, editor) = faq_copy();
    let id = "mlt-degree-length";
    let (first, file) = edit_of(dir.path(), id, |d| d.answer.push_str(" First."));
    let (second, _) = edit_of(dir.path(), id, |d| d.answer.push_str(" Second."));
    editor.apply(&state, &first).unwrap();
    let written = read(&file);
    let err = editor.apply(&state, &second).unwrap_err();
    assert!(
        matches!(err, EditError::Conflict(ref x) if x == id),
        "{err:?}"
    );
    assert_eq!(read(&file), written, "the first edit is kept");
}

#[test]
fn an_invalid_edit_is_refused_with_every_reason_and_nothing_is_written() {
    let (dir, state, editor) = faq_copy();
    let id = "mlt-degree-length";
    let (change, file) = edit_of(dir.path(), id, |d| {
        d.alternates.truncate(1);
        d.answer = "It pays $50,000.".into();
        d.source = None;
        d.related = vec!["no-such-entry".into()];
    });
    let before = std::fs::read(&file).unwrap();
    let EditError::Rejected(problems) = editor.apply(&state, &change).unwrap_err() else {
        panic!("expected a rejection");
    };
    let text: Vec<String> = problems.iter().map(|d| d.to_string()).collect();
    let text = text.join("\n");
    for wanted in ["alternates", "source", "no-such-entry"] {
        assert!(text.contains(wanted), "{wanted} missing in:\n{text}");
    }
    let shown = format!("{}", file.display());
    assert!(text.contains(&shown), "errors name the real file:\n{text}");
    assert_eq!(std::fs::read(&file).unwrap(), before);
    assert!(state
        .index()
        .corpus()
        .entry(id)
        .unwrap()
        .answer
        .contains("two years"));
}

#[test]
fn an_edit_that_breaks_a_check_is_refused_at_the_checks_line() {
    let (dir, state, editor) = faq_copy();
    let id = "mlt-degree-length";
    let (change, file) = edit_of(dir.path(), id, |d| {
        d.answer = "It depends on the school.".into();
    });
    let before = std::fs::read(&file).unwrap();
    let EditError::Rejected(problems) = editor.apply(&state, &change).unwrap_err() else {
        panic!("expected a rejection");
    };
    assert!(
        problems
            .iter()
            .all(|d| d.file == dir.path().join("checks.txt") && d.line > 0),
        "{problems:?}"
    );
    assert_eq!(std::fs::read(&file).unwrap(), before);
}

#[test]
fn an_unchanged_edit_writes_nothing() {
    let (dir, state, editor) = faq_copy();
    let (change, _) = edit_of(dir.path(), "mlt-degree-length", |_| {});
    assert!(matches!(
        editor.apply(&state, &change),
        Err(EditError::Unchanged)
    ));
}

#[test]
fn an_added_entry_is_appended_and_removing_it_restores_the_file() {
    let (dir, state, editor) = faq_copy();
    let file = dir.path().join("jobs.toml");
    let original = read(&file);
    let draft = Draft::from_form(
        "Do phlebotomists work night shifts?",
        "phlebotomy night shift\ndo phlebs work nights\nnight shift phlebotomist",
        "Many hospital phlebotomists work **early morning or night shifts**, when doctors want blood drawn before rounds.",
        "",
        "",
    );
    let add = Change::Add {
        topic: "jobs".into(),
        id: "phlebotomy-night-shifts".into(),
        draft,
    };
    let applied = editor.apply(&state, &add).unwrap();
    assert_eq!(applied.file, file);
    let added = read(&file);
    assert!(
        added.starts_with(&original),
        "the rest of the file is untouched"
    );
    assert!(added[original.len()..].starts_with("\n[[entry]]\nid = \"phlebotomy-night-shifts\""));
    assert!(state
        .index()
        .corpus()
        .entry("phlebotomy-night-shifts")
        .is_some());

    let again = editor.apply(&state, &add).unwrap_err();
    assert!(matches!(again, EditError::Exists { .. }), "{again:?}");

    let found = faq_edit::locate(dir.path(), "phlebotomy-night-shifts").unwrap();
    let remove = Change::Remove {
        id: "phlebotomy-night-shifts".into(),
        base: found.version,
    };
    editor.apply(&state, &remove).unwrap();
    assert_eq!(read(&file), original);
    assert!(state
        .index()
        .corpus()
        .entry("phlebotomy-night-shifts")
        .is_none());
}

#[test]
fn adding_to_an_unknown_topic_or_with_a_bad_id_is_refused() {
    let (_dir, state, editor) = faq_copy();
    let draft = Draft::from_form("Q?", "a\nb\nc", "A.", "", "");
    let err = editor
        .apply(
            &state,
            &Change::Add {
                topic: "../etc/passwd".into(),
                id: "x".into(),
                draft: draft.clone(),
            },
        )
        .unwrap_err();
    assert!(matches!(err, EditError::UnknownTopic { .. }), "{err:?}");
    let err = editor
        .apply(
            &state,
            &Change::Add {
                topic: "jobs".into(),
                id: "Not Kebab".into(),
                draft,
            },
        )
        .unwrap_err();
    let EditError::Rejected(problems) = err else {
        panic!("{err:?}")
    };
    assert!(
        problems.iter().any(|d| d.message.contains("kebab-case")),
        "{problems:?}"
    );
}

#[test]
fn removing_an_entry_takes_its_checks_and_refuses_when_others_link_to_it() {
    let (dir, state, editor) = faq_copy();
    // Linked from other entries' `related`: refused, with the places that link to it.
    let linked = "mlt-degree-length";
    let found = faq_edit::locate(dir.path(), linked).unwrap();
    let err = editor
        .apply(
            &state,
            &Change::Remove {
                id: linked.into(),
                base: found.version,
            },
        )
        .unwrap_err();
    let EditError::Rejected(problems) = err else {
        panic!("{err:?}")
    };
    assert!(
        problems.iter().any(|d| d.message.contains(linked)),
        "{problems:?}"
    );

    // An entry nothing links to: removed with the checks it answers.
    let index = state.index();
    let corpus = index.corpus();
    let unlinked = corpus
        .entries
        .iter()
        .find(|e| !corpus.entries.iter().any(|o| o.related.contains(&e.id)))
        .expect("some entry has no inbound links")
        .id
        .clone();
    let checks_before = read(&dir.path().join("checks.txt"));
    let found = faq_edit::locate(dir.path(), &unlinked).unwrap();
    let applied = editor
        .apply(
            &state,
            &Change::Remove {
                id: unlinked.clone(),
                base: found.version,
            },
        )
        .unwrap();
    assert!(
        !applied.dropped_checks.is_empty(),
        "every entry has a check"
    );
    let checks_after = read(&dir.path().join("checks.txt"));
    for line in &applied.dropped_checks {
        assert!(checks_before.contains(line.as_str()) && !checks_after.contains(line.as_str()));
    }
    assert_eq!(
        checks_before.lines().count() - applied.dropped_checks.len(),
        checks_after.lines().count()
    );
}

#[test]
fn a_reload_that_breaks_a_check_keeps_the_old_faq_and_names_the_checks_line() {
    let (dir, state, _) = faq_copy();
    let file = dir.path().join("education.toml");
    let text = read(&file).replace("typically takes **two years**", "takes a while");
    std::fs::write(&file, text).unwrap();
    let err = state.reload().unwrap_err();
    let failures: Vec<_> = err.errors().collect();
    assert!(!failures.is_empty());
    assert!(failures
        .iter()
        .all(|d| d.file.ends_with("checks.txt") && d.line > 0 && d.field == "check"));
    assert!(state
        .index()
        .corpus()
        .entry("mlt-degree-length")
        .unwrap()
        .answer
        .contains("two years"));
}

#[test]
fn every_entry_is_covered_by_a_check() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("faq");
    let (state, _) = FaqState::load(&root).unwrap();
    let index = state.index();
    let cases = faqbot::eval::parse(&read(&root.join("checks.txt"))).unwrap();
    let mut answered = std::collections::BTreeSet::new();
    for c in &cases {
        if let faqbot::reply::Reply::Answer(a) = index.reply(&c.question, &Thresholds::default()) {
            answered.insert(a.id);
        }
    }
    let missing: Vec<&str> = index
        .corpus()
        .entries
        .iter()
        .map(|e| e.id.as_str())
        .filter(|id| !answered.contains(*id))
        .collect();
    assert!(missing.is_empty(), "entries without a check: {missing:?}");
    assert!(
        cases.iter().any(|c| c.expected.is_none()),
        "some checks are declines"
    );
}
