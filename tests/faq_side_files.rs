//! Files that sit beside the FAQ without being part of it (macOS AppleDouble `._*` files, editor
//! swap, lock and backup files, dotfiles) are ignored everywhere the folder is read: `faqbot
//! check`, loading, the list of topics, the edit path and the file watcher. An empty FAQ file is
//! reported as empty (issue 12).

use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use assert_cmd::Command;
use faqbot::faq_edit::{self, Change, Draft, Editor};
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

/// What the Finder, vim, emacs and others leave beside `jobs.toml`. None is a FAQ file; most
/// would break the FAQ if read as one.
fn add_side_files(dir: &Path) {
    // AppleDouble: binary resource-fork data under the file's name with `._` in front.
    let mut apple_double = b"\x00\x05\x16\x07\x00\x02\x00\x00Mac OS X        ".to_vec();
    apple_double.extend([0xff, 0xfe, 0x00, 0x80, 0x9c]);
    std::fs::write(dir.join("._jobs.toml"), &apple_double).unwrap();
    std::fs::write(dir.join("._roles.toml"), &apple_double).unwrap();
    std::fs::write(dir.join(".jobs.toml.swp"), b"b0VIM 9.0\x00\x00\xff").unwrap();
    std::fs::write(dir.join("#jobs.toml#"), "[[entry]]\nid = \"half-saved\"\n").unwrap();
    std::fs::write(dir.join("jobs.toml~"), "[[entry]]\nid = \"mlt-salary\"\n").unwrap();
    std::fs::write(dir.join("jobs.toml.bak"), "broken = [").unwrap();
    std::fs::write(dir.join(".hidden.toml"), "this is not toml").unwrap();
    std::fs::write(dir.join(".DS_Store"), [0u8, 1, 2, 0xff]).unwrap();
    // Emacs's lock file: a link to a file that does not exist.
    #[cfg(unix)]
    std::os::unix::fs::symlink("moderator@host.1234:1700000000", dir.join(".#jobs.toml")).unwrap();
}

fn check(dir: &Path) -> (bool, String, String) {
    let out = Command::cargo_bin("faqbot")
        .unwrap()
        .args(["check", dir.to_str().unwrap()])
        .env_remove("RUST_LOG")
        .output()
        .unwrap();
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn apple_double_swap_and_backup_files_are_ignored_by_check_and_loading() {
    let clean = copy_faq();
    let (ok, clean_summary, _) = check(clean.path());
    assert!(ok);

    let dir = copy_faq();
    add_side_files(dir.path());
    let (ok, summary, stderr) = check(dir.path());
    assert!(ok, "{stderr}");
    assert_eq!(
        summary.replace(dir.path().to_str().unwrap(), "FAQ"),
        clean_summary.replace(clean.path().to_str().unwrap(), "FAQ"),
        "the same FAQ, the same entries, the same warnings"
    );

    let (state, _) = FaqState::load(dir.path()).unwrap();
    let (clean_state, _) = FaqState::load(clean.path()).unwrap();
    assert_eq!(
        state.index().corpus().entries.len(),
        clean_state.index().corpus().entries.len()
    );
    assert_eq!(faq_edit::topics(dir.path()), faq_edit::topics(clean.path()));
}

#[test]
fn an_edit_beside_side_files_is_checked_and_written_as_usual() {
    let dir = copy_faq();
    add_side_files(dir.path());
    let (state, _) = FaqState::load(dir.path()).unwrap();
    let state = state.with_checks(Thresholds::default());
    let editor = Editor::new(dir.path(), Thresholds::default());
    let change = Change::Add {
        topic: "jobs".into(),
        id: "night-shift-tips".into(),
        draft: Draft::from_form(
            "How do lab techs cope with night shifts?",
            "night shift tips for mlts\nworking nights in the lab\nhow to survive the night shift as a lab tech",
            "Keep a fixed sleep schedule, block out daylight and plan meals around the shift.",
            "",
            "",
        ),
    };
    let applied = editor
        .apply(&state, &change)
        .unwrap_or_else(|e| panic!("{e}: {e:?}"));
    assert!(applied.file.ends_with("jobs.toml"));
    assert!(state.index().corpus().entry("night-shift-tips").is_some());
    assert!(
        dir.path().join("._jobs.toml").exists(),
        "side files are left alone"
    );
}

#[test]
fn an_empty_faq_file_is_reported_as_empty() {
    for (name, bytes) in [
        ("empty.toml", &b""[..]),
        ("blank.toml", &b" \n\n\t\n"[..]),
        ("roles.toml", &b""[..]),
    ] {
        let dir = copy_faq();
        std::fs::write(dir.path().join(name), bytes).unwrap();
        let (ok, _, stderr) = check(dir.path());
        assert!(!ok, "{name} ({} bytes) was accepted", bytes.len());
        let line = stderr
            .lines()
            .find(|l| l.contains(name))
            .unwrap_or_else(|| panic!("no error names {name}:\n{stderr}"));
        assert!(line.contains("error: is empty"), "{line}");
        if bytes.is_empty() {
            assert!(line.contains("0 bytes"), "{line}");
        }
    }
}

#[test]
fn side_files_written_beside_the_faq_cause_no_reload() {
    let dir = copy_faq();
    let (state, _) = FaqState::load(dir.path()).unwrap();
    let state = Arc::new(state);
    let (tx, reloads) = std::sync::mpsc::channel();
    let _guard = faqbot::watch::watch(state.clone(), Duration::from_millis(100), move |r| {
        let _ = tx.send(r.is_ok());
    })
    .unwrap();

    add_side_files(dir.path());
    std::fs::write(dir.path().join("._jobs.toml"), b"\x00\x05\x16\x07 again").unwrap();
    // Long enough for the events above to have been handled on an idle machine; on a busy one
    // they may be handled with the edit below instead, which can only hide a failure, never
    // invent one.
    std::thread::sleep(Duration::from_secs(2));

    let file = dir.path().join("jobs.toml");
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(&file, format!("{text}\n# a real edit\n")).unwrap();
    let first = reloads
        .recv_timeout(Duration::from_secs(60))
        .expect("the real edit reloads");
    assert!(first, "the folder with side files loads");
    std::thread::sleep(Duration::from_millis(500));
    let more: Vec<bool> = reloads.try_iter().collect();
    assert!(
        more.is_empty(),
        "one reload, for the real edit only; also {more:?}"
    );
}
