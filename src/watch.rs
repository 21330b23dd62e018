//! Reloads the FAQ by itself when a file in its folder changes (debounced), through the same
//! validation as `/faq reload`: a broken edit is logged and the old answers keep serving.
//!
//! Editors and deploy tools often replace the folder rather than its files (delete and copy
//! back, rename a new copy into place). A watch on the folder alone dies with it, so the parent
//! folder is watched too (not recursively), and the folder's own watch is armed again whenever
//! the folder itself appears, disappears or is renamed.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::sync::Arc;
use std::time::Duration;

use notify_debouncer_mini::notify::{self, RecursiveMode};
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

/// Starts watching the state's folder; every debounced burst of changes triggers one reload.
/// `on_reload` is told the outcome (used by tests and to log).
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
                let folder_changed = events.iter().any(|e| e.path == dir);
                let file_changed = events.iter().any(|e| is_faq_file(&dir, &e.path));
                if folder_changed {
                    // The folder was replaced, deleted or renamed: watch whatever is there now.
                    let watcher = debouncer.watcher();
                    let _ = watcher.unwatch(&dir);
                    if dir.is_dir() {
                        if let Err(e) = watcher.watch(&dir, RecursiveMode::NonRecursive) {
                            tracing::warn!("cannot watch {} again: {e}", dir.display());
                        }
                    }
                }
                if folder_changed || file_changed {
                    let outcome = state.reload();
                    log(&outcome);
                    on_reload(&outcome);
                }
            }
        })
        .map_err(notify::Error::io)?;
    Ok(WatchGuard { stop })
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
            for d in &e.diagnostics {
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

/// Editors write swap and backup files beside the real ones; only `.toml` files in the folder
/// matter.
fn is_faq_file(dir: &Path, path: &Path) -> bool {
    path.parent() == Some(dir) && path.extension().is_some_and(|x| x == "toml")
}
