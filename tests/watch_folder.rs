//! The file watcher survives what editors and deploy tools do to the FAQ folder: deleting it and
//! putting a copy back, or renaming a new copy into its place. Each new folder goes through the
//! same validation as `/faq reload`.

use std::path::Path;
use std::sync::mpsc::Receiver;
use std::sync::Arc;
use std::time::Duration;

use faqbot::matcher::Thresholds;
use faqbot::reply::Reply;
use faqbot::state::FaqState;

const QUESTION: &str = "what is a phlebotomist";
const TOPIC_FILE: &str = "roles-and-the-lab.toml";

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for f in std::fs::read_dir(from).unwrap() {
        let f = f.unwrap().path();
        std::fs::copy(&f, to.join(f.file_name().unwrap())).unwrap();
    }
}

fn answer_text(state: &FaqState) -> String {
    match state.index().reply(QUESTION, &Thresholds::default()) {
        Reply::Answer(a) => a.answer,
        other => panic!("{QUESTION:?} not answered: {other:?}"),
    }
}

/// A copy of `from` in `to` whose phlebotomist answer starts with `marker`.
fn edited_copy(from: &Path, to: &Path, before: &str, marker: &str) {
    copy_dir(from, to);
    let file = to.join(TOPIC_FILE);
    let text = std::fs::read_to_string(&file).unwrap();
    let edited = text.replace(before, &format!("{marker} {before}"));
    assert_ne!(edited, text, "the phlebotomist answer is in {TOPIC_FILE}");
    std::fs::write(&file, edited).unwrap();
}

/// Waits for reloads until one succeeds (failed ones, e.g. of a half-copied folder, are fine).
fn wait_for_good_reload(rx: &Receiver<bool>) {
    loop {
        match rx.recv_timeout(Duration::from_secs(10)) {
            Ok(true) => return,
            Ok(false) => continue,
            Err(_) => panic!("no successful reload within 10 s"),
        }
    }
}

struct Watched {
    _guard: faqbot::watch::WatchGuard,
    state: Arc<FaqState>,
    reloads: Receiver<bool>,
    shipped: std::path::PathBuf,
    dir: std::path::PathBuf,
    _root: tempfile::TempDir,
}

fn watched() -> Watched {
    let root = tempfile::tempdir().unwrap();
    let shipped = Path::new(env!("CARGO_MANIFEST_DIR")).join("faq");
    let dir = root.path().join("faq");
    copy_dir(&shipped, &dir);
    let (state, _) = FaqState::load(&dir).unwrap();
    let state = Arc::new(state);
    let (tx, reloads) = std::sync::mpsc::channel();
    let guard = faqbot::watch::watch(state.clone(), Duration::from_millis(150), move |r| {
        let _ = tx.send(r.is_ok());
    })
    .unwrap();
    Watched {
        _root: root,
        shipped,
        dir,
        state,
        reloads,
        _guard: guard,
    }
}

#[test]
fn a_deleted_folder_keeps_the_old_answers_and_a_copy_put_back_is_picked_up() {
    let w = watched();
    let before = answer_text(&w.state);

    std::fs::remove_dir_all(&w.dir).unwrap();
    let ok = w
        .reloads
        .recv_timeout(Duration::from_secs(10))
        .expect("reload attempted");
    assert!(!ok, "a missing folder does not load");
    assert_eq!(
        answer_text(&w.state),
        before,
        "the old answers keep serving"
    );

    edited_copy(&w.shipped, &w.dir, &before, "PUT-BACK");
    wait_for_good_reload(&w.reloads);
    assert!(answer_text(&w.state).starts_with("PUT-BACK"));

    // And the new folder is watched like the old one.
    let file = w.dir.join(TOPIC_FILE);
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(&file, text.replace("PUT-BACK", "EDITED-AGAIN")).unwrap();
    wait_for_good_reload(&w.reloads);
    assert!(answer_text(&w.state).starts_with("EDITED-AGAIN"));
}

#[test]
fn a_new_copy_renamed_into_place_is_picked_up_and_then_watched() {
    let w = watched();
    let before = answer_text(&w.state);
    let staging = w.dir.with_file_name("faq.new");
    edited_copy(&w.shipped, &staging, &before, "DEPLOYED");
    // Drain reloads the staging copy may have caused (it is not watched, so normally none).
    while w.reloads.recv_timeout(Duration::from_millis(400)).is_ok() {}

    std::fs::rename(&w.dir, w.dir.with_file_name("faq.old")).unwrap();
    std::fs::rename(&staging, &w.dir).unwrap();
    wait_for_good_reload(&w.reloads);
    assert!(answer_text(&w.state).starts_with("DEPLOYED"));

    let file = w.dir.join(TOPIC_FILE);
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(&file, text.replace("DEPLOYED", "EDITED-AFTER-DEPLOY")).unwrap();
    wait_for_good_reload(&w.reloads);
    assert!(answer_text(&w.state).starts_with("EDITED-AFTER-DEPLOY"));
}

#[test]
fn a_broken_copy_put_back_is_reported_and_the_old_answers_keep_serving() {
    let w = watched();
    let before = answer_text(&w.state);
    std::fs::remove_dir_all(&w.dir).unwrap();
    copy_dir(&w.shipped, &w.dir);
    std::fs::remove_file(w.dir.join("roles.toml")).unwrap();
    // Every reload attempt fails (folder missing, then roles.toml missing).
    let mut attempts = 0;
    while let Ok(ok) = w.reloads.recv_timeout(Duration::from_secs(2)) {
        assert!(!ok);
        attempts += 1;
    }
    assert!(attempts >= 1, "the change was seen");
    assert_eq!(answer_text(&w.state), before);
    assert!(!w.state.index().corpus().roles.is_empty());
}
