//! The live FAQ: the current [`Index`] behind an atomic pointer, and reloading.
//!
//! Loading and reloading go through [`crate::faq::load`], which validates the whole folder
//! first; the new index is swapped in only when it passed, so readers never see a half-loaded
//! corpus and a broken edit leaves the old one serving.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use arc_swap::ArcSwap;

use crate::corpus::{Diagnostic, LoadError};
use crate::faq::{self, Fingerprint, Rules};
use crate::matcher::{Index, Thresholds};

/// The FAQ being served.
#[derive(Debug)]
pub struct FaqState {
    dir: PathBuf,
    rules: Rules,
    current: ArcSwap<Index>,
    /// Serialises reloads, so two at once cannot swap in an older corpus last. Holds what the
    /// folder looked like when it was last loaded (or tried), so a change that does not touch
    /// the FAQ causes no reload.
    last_seen: Mutex<Fingerprint>,
}

/// What a successful load or reload loaded.
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
    /// Loads `dir` held to `rules`, which every reload uses too; fails with every error if it is
    /// not valid.
    pub fn open(dir: &Path, rules: Rules) -> Result<(FaqState, Reloaded), LoadError> {
        let seen = faq::fingerprint(dir);
        let loaded = faq::load(dir, &rules)?;
        let report = report(&loaded);
        let state = FaqState {
            dir: dir.to_path_buf(),
            rules,
            current: ArcSwap::from_pointee(loaded.index),
            last_seen: Mutex::new(seen),
        };
        Ok((state, report))
    }

    /// Loads `dir` without running `checks.txt` ([`Rules::inspecting`]); see [`FaqState::open`].
    pub fn load(dir: &Path) -> Result<(FaqState, Reloaded), LoadError> {
        FaqState::open(dir, Rules::inspecting())
    }

    /// From now on a reload is refused (the old FAQ keeps serving) when a question of the
    /// folder's `checks.txt` fails with these thresholds; see [`crate::faq_checks`]. Prefer
    /// [`FaqState::open`] with [`Rules::serving`], which checks the first load too.
    pub fn with_checks(mut self, thresholds: Thresholds) -> Self {
        self.rules.checks = Some(thresholds);
        self
    }

    /// The folder this state loads from.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// What the folder is held to on every reload.
    pub fn rules(&self) -> &Rules {
        &self.rules
    }

    /// The index being served now. Cheap; hold it for the length of one question.
    pub fn index(&self) -> Arc<Index> {
        self.current.load_full()
    }

    /// Re-reads the folder. On success the new corpus is served from now on; on error the old
    /// one keeps serving and every error is returned.
    pub fn reload(&self) -> Result<Reloaded, LoadError> {
        let mut seen = self.last_seen.lock().unwrap_or_else(|p| p.into_inner());
        // Taken before reading: a change made during the load gives another fingerprint, so it
        // is loaded again, never taken for the version served.
        *seen = faq::fingerprint(&self.dir);
        self.load_now()
    }

    /// Like [`FaqState::reload`], but only when what the FAQ is read from changed since the
    /// last load (or attempt): `None` when it did not. For the file watcher, which hears of
    /// every file in and beside the folder.
    pub fn reload_if_changed(&self) -> Option<Result<Reloaded, LoadError>> {
        let mut seen = self.last_seen.lock().unwrap_or_else(|p| p.into_inner());
        let now = faq::fingerprint(&self.dir);
        if now == *seen {
            return None;
        }
        *seen = now;
        Some(self.load_now())
    }

    /// Loads and swaps in; the caller holds `last_seen`, so reloads run one at a time.
    fn load_now(&self) -> Result<Reloaded, LoadError> {
        let loaded = faq::load(&self.dir, &self.rules)?;
        let report = report(&loaded);
        self.current.store(Arc::new(loaded.index));
        Ok(report)
    }
}

fn report(loaded: &faq::Loaded) -> Reloaded {
    Reloaded {
        entries: loaded.index.corpus().entries.len(),
        roles: loaded.index.corpus().roles.len(),
        warnings: loaded.warnings.clone(),
    }
}
