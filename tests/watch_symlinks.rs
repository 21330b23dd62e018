//! The file watcher picks up deploys that change the FAQ through symbolic links, never touching
//! the files' own paths (issue 12): a Kubernetes ConfigMap or Secret volume, updated by pointing
//! its `..data` link at a new folder, and a folder link swapped with `ln -sfn`.
#![cfg(unix)]

use std::os::unix::fs::symlink;
use std::path::Path;
use std::sync::mpsc::Receiver;
use std::sync::Arc;
use std::time::Duration;

use faqbot::matcher::Thresholds;
use faqbot::reply::Reply;
use faqbot::state::FaqState;

const QUESTION: &str = "what is a phlebotomist";
const TOPIC_FILE: &str = "roles-and-the-lab.toml";

fn shipped() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("faq")
}

fn answer_text(state: &FaqState) -> String {
    match state.index().reply(QUESTION, &Thresholds::default()) {
        Reply::Answer(a) => a.answer,
        other => panic!("{QUESTION:?} not answered: {other:?}"),
    }
}

/// A copy of the shipped FAQ in `to` whose phlebotomist answer starts with `marker` (none: as
/// shipped).
fn faq_copy(to: &Path, marker: Option<&str>) {
    std::fs::create_dir_all(to).unwrap();
    for f in std::fs::read_dir(shipped()).unwrap() {
        let f = f.unwrap().path();
        std::fs::copy(&f, to.join(f.file_name().unwrap())).unwrap();
    }
    if let Some(marker) = marker {
        let (state, _) = FaqState::load(&shipped()).unwrap();
        let before = answer_text(&state);
        let file = to.join(TOPIC_FILE);
        let text = std::fs::read_to_string(&file).unwrap();
        let edited = text.replace(&before, &format!("{marker} {before}"));
        assert_ne!(edited, text, "the phlebotomist answer is in {TOPIC_FILE}");
        std::fs::write(&file, edited).unwrap();
    }
}

/// Points the link `link` at `target` atomically, as Kubernetes and `ln -sfn` do: a new link
/// beside it, renamed over it.
fn swap_link(link: &Path, target: &Path) {
    let tmp = link.with_file_name(format!(
        "{}_tmp",
        link.file_name().unwrap().to_str().unwrap()
    ));
    symlink(target, &tmp).unwrap();
    std::fs::rename(&tmp, link).unwrap();
}

/// Watches `dir` and reports each reload's success.
fn watched(dir: &Path) -> (Arc<FaqState>, Receiver<bool>, faqbot::watch::WatchGuard) {
    let (state, _) = FaqState::load(dir).unwrap();
    let state = Arc::new(state);
    let (tx, rx) = std::sync::mpsc::channel();
    let guard = faqbot::watch::watch(state.clone(), Duration::from_millis(100), move |r| {
        let _ = tx.send(r.is_ok());
    })
    .unwrap();
    (state, rx, guard)
}

/// Waits until a reload succeeds. Generous: a loaded machine is slow, never wrong.
fn wait_for_good_reload(rx: &Receiver<bool>) {
    loop {
        match rx.recv_timeout(Duration::from_secs(60)) {
            Ok(true) => return,
            Ok(false) => continue,
            Err(_) => panic!("no successful reload within 60 s"),
        }
    }
}

/// A ConfigMap volume as the kubelet lays it out: the files in a timestamped folder, `..data`
/// pointing at it, and one link per file through `..data`.
fn configmap_volume(mount: &Path) {
    let first = mount.join("..2024_01_01_00_00_00.000000001");
    faq_copy(&first, None);
    symlink(first.file_name().unwrap(), mount.join("..data")).unwrap();
    for f in std::fs::read_dir(&first).unwrap() {
        let name = f.unwrap().file_name();
        symlink(Path::new("..data").join(&name), mount.join(&name)).unwrap();
    }
}

/// A ConfigMap update: a new timestamped folder, `..data` swapped to it, the old one removed.
fn configmap_update(mount: &Path, stamp: &str, marker: &str) {
    let old = std::fs::read_link(mount.join("..data")).unwrap();
    let new = mount.join(format!("..2024_01_01_00_00_00.{stamp}"));
    faq_copy(&new, Some(marker));
    swap_link(&mount.join("..data"), Path::new(new.file_name().unwrap()));
    std::fs::remove_dir_all(mount.join(old)).unwrap();
}

#[test]
fn a_configmap_style_data_link_swap_is_picked_up_by_the_watcher() {
    let root = tempfile::tempdir().unwrap();
    let mount = root.path().join("faq");
    std::fs::create_dir(&mount).unwrap();
    configmap_volume(&mount);
    let (state, reloads, _guard) = watched(&mount);
    assert!(!answer_text(&state).starts_with("CONFIGMAP"));

    configmap_update(&mount, "000000002", "CONFIGMAP-V2");
    wait_for_good_reload(&reloads);
    assert!(answer_text(&state).starts_with("CONFIGMAP-V2"));

    // And the next update too.
    configmap_update(&mount, "000000003", "CONFIGMAP-V3");
    wait_for_good_reload(&reloads);
    assert!(answer_text(&state).starts_with("CONFIGMAP-V3"));
}

#[test]
fn a_configmap_mounted_above_the_faq_folder_is_picked_up_by_the_watcher() {
    // A projected volume with the FAQ under a sub-path: `faq` itself is a link through
    // `..data`, whose swap happens in the folder above it.
    let root = tempfile::tempdir().unwrap();
    let mount = root.path().join("config");
    let first = mount.join("..2024_01_01_00_00_00.000000001");
    faq_copy(&first.join("faq"), None);
    symlink(first.file_name().unwrap(), mount.join("..data")).unwrap();
    symlink("..data/faq", mount.join("faq")).unwrap();
    let dir = mount.join("faq");
    let (state, reloads, _guard) = watched(&dir);

    let second = mount.join("..2024_01_01_00_00_00.000000002");
    faq_copy(&second.join("faq"), Some("PROJECTED-V2"));
    swap_link(
        &mount.join("..data"),
        Path::new(second.file_name().unwrap()),
    );
    std::fs::remove_dir_all(&first).unwrap();
    wait_for_good_reload(&reloads);
    assert!(answer_text(&state).starts_with("PROJECTED-V2"));

    // The new folder is watched: an edit in it reloads.
    let file = second.join("faq").join(TOPIC_FILE);
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(&file, text.replace("PROJECTED-V2", "EDITED-IN-V2")).unwrap();
    wait_for_good_reload(&reloads);
    assert!(answer_text(&state).starts_with("EDITED-IN-V2"));
}

#[test]
fn a_folder_link_swapped_with_ln_sfn_is_picked_up_and_then_watched() {
    let root = tempfile::tempdir().unwrap();
    let v1 = root.path().join("releases/v1");
    let v2 = root.path().join("releases/v2");
    faq_copy(&v1, None);
    faq_copy(&v2, Some("RELEASE-V2"));
    let dir = root.path().join("faq");
    symlink(&v1, &dir).unwrap();
    let (state, reloads, _guard) = watched(&dir);

    swap_link(&dir, &v2);
    wait_for_good_reload(&reloads);
    assert!(answer_text(&state).starts_with("RELEASE-V2"));

    let file = v2.join(TOPIC_FILE);
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(&file, text.replace("RELEASE-V2", "EDITED-AFTER-SWAP")).unwrap();
    wait_for_good_reload(&reloads);
    assert!(answer_text(&state).starts_with("EDITED-AFTER-SWAP"));
}
