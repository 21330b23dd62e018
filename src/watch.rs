//! Reloads the FAQ by itself when what it is read from changes (debounced), through the same
//! lifecycle as `/faq reload`: a broken edit is logged and the old answers keep serving.
//!
//! What counts is decided by content, not by event: after each burst of events the folder's
//! [`crate::faq::Fingerprint`] (the names and bytes of the files the FAQ is read from) is taken,
//! and the FAQ reloads only when it changed. So editor swap files, macOS `._*` files and
//! dotfiles never cause a reload, and changes that reach the files without touching them do:
//!
//! - a Kubernetes ConfigMap or Secret volume holds links (`jobs.toml -> ..data/jobs.toml`) and
//!   is updated by pointing the `..data` link at a new folder: the links never change, their
//!   targets do;
//! - a deploy may replace the folder itself: delete and copy back, rename a new copy into place,
//!   or `ln -sfn releases/v2 faq`. A watch on the folder alone dies with it, so its parent is
//!   watched too (not recursively), and the folder's own watch is armed again whenever the path
//!   leads somewhere new.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::sync::Arc;
use std::time::Duration;

use notify_debouncer_mini::notify::{self, RecursiveMode, Watcher};
use notify_debouncer_mini::{new_debouncer, DebounceEventResult};

use crate::corpus::LoadError;
use crate::state::{FaqState, Reloaded};

/// Keeps the watcher alive; dropping it stops watching (within a fraction of a second).
pub struct WatchGuard {
    stop: Arc<AtomicBool>,
}

impl Drop for WatchGuard {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
    }
}

/// Starts watching the state's folder; after every debounced burst of changes the FAQ reloads
/// if what it is read from changed. `on_reload` is told the outcome of every reload (used by
/// tests and to log).
///
/// Errors when the folder (or its parent) cannot be watched at the start.
pub fn watch(
    state: Arc<FaqState>,
    debounce: Duration,
    on_reload: impl Fn(&Result<Reloaded, LoadError>) + Send + 'static,
) -> Result<WatchGuard, notify::Error> {
    let dir = absolute(state.dir());
    let parent = dir
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| dir.clone());
    let (tx, rx) = mpsc::channel::<DebounceEventResult>();
    let mut debouncer = new_debouncer(debounce, tx)?;
    debouncer
        .watcher()
        .watch(&parent, RecursiveMode::NonRecursive)?;
    debouncer
        .watcher()
        .watch(&dir, RecursiveMode::NonRecursive)?;
    let mut armed = resolved(&dir);

    let stop = Arc::new(AtomicBool::new(false));
    let stopped = stop.clone();
    std::thread::Builder::new()
        .name("faq-watch".into())
        .spawn(move || {
            let mut debouncer = debouncer; // dropped (watch ends) when the thread ends
            while !stopped.load(Ordering::SeqCst) {
                let events = match rx.recv_timeout(Duration::from_millis(200)) {
                    Ok(Ok(events)) => events,
                    Ok(Err(e)) => {
                        tracing::warn!("watching the FAQ folder: {e}");
                        continue;
                    }
                    Err(RecvTimeoutError::Timeout) => continue,
                    Err(RecvTimeoutError::Disconnected) => return,
                };
                // When the folder's path itself changed (the folder was replaced, deleted,
                // renamed, or a link to it swapped), watch whatever is there now. This comes
                // before the fingerprint, so a write after it is heard, one before it seen.
                let now = resolved(&dir);
                if now != armed || events.iter().any(|e| e.path == dir) {
                    rearm(debouncer.watcher(), &dir);
                    armed = now;
                }
                if let Some(outcome) = state.reload_if_changed() {
                    log(&outcome);
                    on_reload(&outcome);
                }
            }
        })
        .map_err(notify::Error::io)?;
    Ok(WatchGuard { stop })
}

/// Watches `dir` afresh (its old watch, if any, went with the folder it was on).
fn rearm(watcher: &mut dyn Watcher, dir: &Path) {
    let _ = watcher.unwatch(dir);
    if dir.is_dir() {
        if let Err(e) = watcher.watch(dir, RecursiveMode::NonRecursive) {
            tracing::warn!("cannot watch {} again: {e}", dir.display());
        }
    }
}

/// The folder `dir` leads to (links followed) and its identity on disk, or `None` when there is
/// none: a new folder at the same path, even through the same link, is another identity.
fn resolved(dir: &Path) -> Option<(PathBuf, u64, u64)> {
    let real = std::fs::canonicalize(dir).ok()?;
    let meta = std::fs::metadata(&real).ok()?;
    Some((real, device(&meta), inode(&meta)))
}

#[cfg(unix)]
fn device(meta: &std::fs::Metadata) -> u64 {
    std::os::unix::fs::MetadataExt::dev(meta)
}

#[cfg(unix)]
fn inode(meta: &std::fs::Metadata) -> u64 {
    std::os::unix::fs::MetadataExt::ino(meta)
}

#[cfg(not(unix))]
fn device(_: &std::fs::Metadata) -> u64 {
    0
}

#[cfg(not(unix))]
fn inode(_: &std::fs::Metadata) -> u64 {
    0
}

fn log(outcome: &Result<Reloaded, LoadError>) {
    match outcome {
        Ok(r) => tracing::info!(
            entries = r.entries,
            warnings = r.warnings.len(),
            "FAQ changed on disk: reloaded"
        ),
        Err(e) => {
            tracing::error!(
                "FAQ changed on disk but is invalid; still serving the previous version"
            );
            for d in e.errors() {
                tracing::error!("{d}");
            }
        }
    }
}

/// The path made absolute (relative paths are against the working directory), so that event
/// paths, which notify reports absolute, compare equal.
fn absolute(path: &Path) -> PathBuf {
    std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf())
}
