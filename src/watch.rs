//! Reloads the FAQ by itself when a file in its folder changes (debounced), through the same
//! validation as `/faq reload`: a broken edit is logged and the old answers keep serving.

use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use notify_debouncer_mini::{new_debouncer, notify::RecursiveMode, DebounceEventResult, Debouncer};

use crate::state::FaqState;

/// Keeps the watcher alive; dropping it stops watching.
pub struct WatchGuard {
    _debouncer: Debouncer<notify_debouncer_mini::notify::RecommendedWatcher>,
}

/// Starts watching the state's folder; every debounced burst of changes triggers one reload.
/// `on_reload` is told the outcome (used by tests and to log).
pub fn watch(
    state: Arc<FaqState>,
    debounce: Duration,
    on_reload: impl Fn(&Result<crate::state::Reloaded, crate::corpus::LoadError>) + Send + 'static,
) -> Result<WatchGuard, notify_debouncer_mini::notify::Error> {
    let dir = state.dir().to_path_buf();
    let mut debouncer = new_debouncer(debounce, move |events: DebounceEventResult| {
        let relevant = match &events {
            Ok(events) => events.iter().any(|e| is_faq_file(&e.path)),
            Err(e) => {
                tracing::warn!("watching the FAQ folder: {e}");
                false
            }
        };
        if !relevant {
            return;
        }
        let outcome = state.reload();
        match &outcome {
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
        on_reload(&outcome);
    })?;
    debouncer
        .watcher()
        .watch(&dir, RecursiveMode::NonRecursive)?;
    Ok(WatchGuard {
        _debouncer: debouncer,
    })
}

/// Editors write swap and backup files beside the real ones; only `.toml` files matter.
fn is_faq_file(path: &Path) -> bool {
    path.extension().is_some_and(|x| x == "toml")
}
