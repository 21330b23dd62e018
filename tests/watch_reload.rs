//! Editing a file in the FAQ folder reloads it by itself; a broken edit keeps the old answers.

use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use faqbot::matcher::Thresholds;
use faqbot::reply::Reply;
use faqbot::state::FaqState;

fn copy_faq() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for f in std::fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("faq")).unwrap() {
        let f = f.unwrap().path();
        std::fs::copy(&f, dir.path().join(f.file_name().unwrap())).unwrap();
    }
    dir
}

fn answer_text(state: &FaqState, q: &str) -> String {
    match state.index().reply(q, &Thresholds::default()) {
        Reply::Answer(a) => a.answer,
        other => panic!("{q:?} not answered: {other:?}"),
    }
}

#[test]
fn edits_reload_by_themselves_and_broken_edits_keep_the_old_faq() {
    let dir = copy_faq();
    let (state, _) = FaqState::load(dir.path()).unwrap();
    let state = Arc::new(state);
    let (tx, rx) = std::sync::mpsc::channel();
    let _guard = faqbot::watch::watch(state.clone(), Duration::from_millis(100), move |r| {
        let _ = tx.send(r.is_ok());
    })
    .unwrap();
    let file = dir.path().join("roles-and-the-lab.toml");
    let original = std::fs::read_to_string(&file).unwrap();
    let before = answer_text(&state, "what is a phlebotomist");
    assert!(!before.contains("EDITED-BY-A-MODERATOR"));

    // A broken edit: reported, and the previous answers keep serving.
    std::fs::write(&file, format!("{original}\n[[entry]]\nid = \"broken\"\n")).unwrap();
    let ok = rx
        .recv_timeout(Duration::from_secs(10))
        .expect("reload attempted");
    assert!(!ok, "the broken folder must not load");
    assert_eq!(answer_text(&state, "what is a phlebotomist"), before);

    // A valid edit: served from the next question on.
    let edited = original.replace(&before, &format!("EDITED-BY-A-MODERATOR {before}"));
    assert_ne!(edited, original, "the phlebotomist answer is in this file");
    std::fs::write(&file, edited).unwrap();
    let mut reloaded = false;
    while let Ok(ok) = rx.recv_timeout(Duration::from_secs(10)) {
        if ok {
            reloaded = true;
            break;
        }
    }
    assert!(reloaded, "the valid edit was reloaded");
    assert!(answer_text(&state, "what is a phlebotomist").starts_with("EDITED-BY-A-MODERATOR"));
}
