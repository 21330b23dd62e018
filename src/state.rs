//! The live FAQ: the current [`Index`] behind an atomic pointer, and reloading.
//!
//! A reload parses and validates the whole folder first and swaps the new index in only when it
//! is valid; readers never see a half-loaded corpus, and a broken edit leaves the old one serving.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use arc_swap::ArcSwap;

use crate::corpus::{self, Diagnostic, LoadError, Severity};
use crate::matcher::{Index, Thresholds};

/// The FAQ being served.
#[derive(Debug)]
pub struct FaqState {
    dir: PathBuf,
    current: ArcSwap<Index>,
    /// Serialises reloads, so two at once cannot swap in an older corpus last.
    reload_lock: std::sync::Mutex<()>,
    /// When set, a reload must also pass the folder's `checks.txt` with these thresholds.
    checks: Option<Thresholds>,
}

/// What a successful reload loaded.
#[derive(Debug, Clone)]
pub struct Reloaded {
    /// Number of entries now served.
    pub entries: usize,
    /// Number of roles now served.
    pub roles: usize,
    /// Warnings found while loading.
    pub warnings: Vec<Diagnostic>,
}

impl FaqState {
    /// Loads `dir`; fails with every error if it is not valid.
    pub fn load(dir: &Path) -> Result<(FaqState, Reloaded), LoadError> {
        let (index, report) = build(dir)?;
        let state = FaqState {
            dir: dir.to_path_buf(),
            current: ArcSwap::from_pointee(index),
            reload_lock: std::sync::Mutex::new(()),
            checks: None,
        };
        Ok((state, report))
    }

    /// From now on a reload is refused (the old FAQ keeps serving) when a question of the
    /// folder's `checks.txt` fails with these thresholds; see [`crate::faq_checks`].
    pub fn with_checks(mut self, thresholds: Thresholds) -> Self {
        self.checks = Some(thresholds);
        self
    }

    /// The folder this state loads from.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The index being served now. Cheap; hold it for the length of one question.
    pub fn index(&self) -> Arc<Index> {
        self.current.load_full()
    }

    /// Re-reads the folder. On success the new corpus is served from now on; on error the old
    /// one keeps serving and every error is returned.
    pub fn reload(&self) -> Result<Reloaded, LoadError> {
        let _guard = self
            .reload_lock
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let (index, report) = build(&self.dir)?;
        if let Some(thresholds) = &self.checks {
            let checks = crate::faq_checks::run(&self.dir, &self.dir, &index, thresholds);
            if !checks.failures.is_empty() {
                return Err(LoadError {
                    diagnostics: checks.failures,
                });
            }
        }
        self.current.store(Arc::new(index));
        Ok(report)
    }
}

/// Loads and validates a FAQ folder and builds its index: the files (see [`corpus::load_dir`]),
/// then the roles and aspects of every entry (see [`Index::lint`]). Every error found, or the
/// index with the warnings.
pub fn build(dir: &Path) -> Result<(Index, Reloaded), LoadError> {
    let loaded = corpus::load_dir(dir, &crate::limits::FAQ_TEXT)?;
    let index = Index::build(loaded.corpus);
    let mut diagnostics = loaded.warnings;
    diagnostics.extend(index.lint());
    diagnostics.sort_by_key(|d| d.severity);
    if diagnostics.iter().any(|d| d.severity == Severity::Error) {
        return Err(LoadError { diagnostics });
    }
    let report = Reloaded {
        entries: index.corpus().entries.len(),
        roles: index.corpus().roles.len(),
        warnings: diagnostics,
    };
    Ok((index, report))
}
