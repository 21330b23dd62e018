//! One FAQ lifecycle (issue 12): `faqbot check` and the edit forms refuse exactly the same
//! folders, and an edit is validated completely (lint included) before anything is written.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use faqbot::faq_edit::{self, Change, Draft, EditError, Editor};
use faqbot::matcher::Thresholds;
use faqbot::state::FaqState;

fn copy_faq() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for f in std::fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("faq")).unwrap() {
        let f = f.unwrap().path();
        std::fs::copy(&f, dir.path().join(f.file_name().unwrap())).unwrap();
    }
    dir
}

/// `faqbot check DIR`: accepted or not, and its report with `dir` written as `FAQ`.
fn check(dir: &Path) -> (bool, String) {
    let out = Command::cargo_bin("faqbot")
        .unwrap()
        .args(["check", dir.to_str().unwrap()])
        .env_remove("RUST_LOG")
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stderr).replace(dir.to_str().unwrap(), "FAQ");
    (out.status.success(), text)
}

/// An edit of entry `id` whose fields `change` changes.
fn edit(dir: &Path, id: &str, change: impl FnOnce(&mut Draft)) -> Change {
    let found = faq_edit::locate(dir, id).unwrap();
    let mut draft = found.draft.clone();
    change(&mut draft);
    Change::Edit {
        id: id.into(),
        base: found.version,
        draft,
    }
}

fn remove(dir: &Path, id: &str) -> Change {
    let found = faq_edit::locate(dir, id).unwrap();
    Change::Remove {
        id: id.into(),
        base: found.version,
    }
}

fn add(topic: &str, id: &str, answer: &str) -> Change {
    Change::Add {
        topic: topic.into(),
        id: id.into(),
        draft: Draft::from_form(
            "How do lab techs cope with night shifts?",
            "night shift tips for mlts\nworking nights in the lab\nhow to survive the night shift as a lab tech",
            answer,
            "",
            "",
        ),
    }
}

/// One change of each kind: the ones a moderator makes, and one for each way a change breaks
/// the folder (field rules, references across entries, text limits, lint, checks.txt).
fn changes(dir: &Path) -> Vec<(&'static str, Change)> {
    vec![
        (
            "a valid answer edit",
            edit(dir, "resume-tips", |d| {
                d.answer = format!("{}\n\nKeep it to one page.", d.answer)
            }),
        ),
        (
            "a valid addition",
            add("jobs", "night-shift-tips", "Keep a fixed sleep schedule."),
        ),
        ("a valid removal", remove(dir, "research-roles")),
        (
            "too few alternates",
            edit(dir, "resume-tips", |d| d.alternates.truncate(1)),
        ),
        (
            "a figure without a source",
            edit(dir, "resume-tips", |d| {
                d.answer = "Entry-level resumes land jobs paying $57,380.".into();
                d.source = None;
            }),
        ),
        (
            "a question longer than an embed title",
            edit(dir, "resume-tips", |d| d.question = "why ".repeat(80)),
        ),
        (
            "an answer longer than a message",
            add("jobs", "night-shift-tips", &"Sleep. ".repeat(400)),
        ),
        (
            "a related id that does not exist",
            edit(dir, "resume-tips", |d| {
                d.related.push("no-such-entry".into())
            }),
        ),
        (
            "an entry related to itself",
            edit(dir, "resume-tips", |d| d.related.push("resume-tips".into())),
        ),
        (
            "phrasings that contradict the entry's roles (lint)",
            edit(dir, "resume-tips", |d| {
                d.question = "What should a phlebotomist put on a resume?".into();
                d.alternates = vec![
                    "phlebotomist resume tips".into(),
                    "resume for a phlebotomy job".into(),
                    "how do phlebotomists write a cv".into(),
                ];
            }),
        ),
        (
            "an answer that fails checks.txt",
            edit(dir, "resume-tips", |d| {
                d.answer = "List your degree and any certifications.".into()
            }),
        ),
        (
            "removing an entry others link to",
            remove(dir, "interview-tips"),
        ),
    ]
}

/// The folder as the change would leave it: a fresh copy with the proposed files written.
fn written_copy(files: &[(PathBuf, String)]) -> tempfile::TempDir {
    let copy = copy_faq();
    for (path, text) in files {
        std::fs::write(copy.path().join(path.file_name().unwrap()), text).unwrap();
    }
    copy
}

#[test]
fn check_and_the_edit_forms_refuse_exactly_the_same_folders() {
    let probe = copy_faq();
    let kinds = changes(probe.path());
    let mut refused_both = 0;
    for (n, (what, _)) in kinds.iter().enumerate() {
        // A fresh folder per change: an accepted one is written.
        let dir = copy_faq();
        let change = changes(dir.path()).swap_remove(n).1;
        let (state, _) = FaqState::load(dir.path()).unwrap();
        let state = state.with_checks(Thresholds::default());
        let editor = Editor::new(dir.path(), Thresholds::default());

        let files = editor
            .proposed(&state.index(), &change)
            .unwrap_or_else(|e| panic!("{what}: {e}"));
        let written = written_copy(&files);
        let (check_ok, report) = check(written.path());

        match editor.apply(&state, &change) {
            Ok(_) => assert!(
                check_ok,
                "{what}: the edit was accepted, check refuses the folder:\n{report}"
            ),
            Err(EditError::Rejected(problems)) => {
                assert!(
                    !check_ok,
                    "{what}: the edit was refused, check accepts the folder: {problems:#?}"
                );
                // Every reason the moderator is given, check gives too, at the same place.
                for p in &problems {
                    let shown = p.to_string().replace(dir.path().to_str().unwrap(), "FAQ");
                    assert!(
                        report.contains(&shown),
                        "{what}: the edit says {shown:?}, check does not:\n{report}"
                    );
                }
                refused_both += 1;
            }
            Err(other) => panic!("{what}: {other}"),
        }
    }
    assert_eq!(
        refused_both,
        kinds.len() - 3,
        "every broken change was refused"
    );
}

#[test]
fn an_edit_that_fails_lint_is_refused_before_anything_is_written() {
    let dir = copy_faq();
    let (state, _) = FaqState::load(dir.path()).unwrap();
    let state = state.with_checks(Thresholds::default());
    let editor = Editor::new(dir.path(), Thresholds::default());
    let file = dir.path().join("jobs.toml");
    let before = std::fs::read(&file).unwrap();
    let inode_before = inode(&file);

    let change = edit(dir.path(), "resume-tips", |d| {
        d.question = "What should a phlebotomist put on a resume?".into();
        d.alternates = vec![
            "phlebotomist resume tips".into(),
            "resume for a phlebotomy job".into(),
            "how do phlebotomists write a cv".into(),
        ];
    });
    let Err(EditError::Rejected(problems)) = editor.apply(&state, &change) else {
        panic!("an edit whose phrasings contradict its roles was accepted");
    };
    assert!(
        problems
            .iter()
            .any(|d| d.field == "entry[resume-tips].roles" && d.message.contains("phlebotomist")),
        "{problems:#?}"
    );
    assert_eq!(std::fs::read(&file).unwrap(), before);
    assert_eq!(
        inode(&file),
        inode_before,
        "the file was never replaced (not written, then put back)"
    );
}

#[cfg(unix)]
fn inode(path: &Path) -> u64 {
    std::os::unix::fs::MetadataExt::ino(&std::fs::metadata(path).unwrap())
}

#[cfg(not(unix))]
fn inode(_: &Path) -> u64 {
    0
}

#[test]
fn the_bot_refuses_to_start_on_a_folder_check_refuses() {
    let dir = copy_faq();
    let checks = dir.path().join("checks.txt");
    let text = std::fs::read_to_string(&checks).unwrap();
    std::fs::write(
        &checks,
        format!("{text}\nwhat is a phlebotomist :: astronauts\n"),
    )
    .unwrap();
    let (ok, report) = check(dir.path());
    assert!(!ok);
    let out = Command::cargo_bin("faqbot")
        .unwrap()
        .args(["--faq", dir.path().to_str().unwrap(), "run"])
        .env_remove("DISCORD_TOKEN")
        .env_remove("RUST_LOG")
        .write_stdin("")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("astronauts"), "{stderr}");
    assert!(report.contains("astronauts"), "{report}");
}
