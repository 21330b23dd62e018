//! The FAQ lifecycle: [`load`] turns a FAQ folder into an index ready to serve, or into every
//! reason it cannot be served.
//!
//! It is the only place the steps are put together. Starting the bot, `faqbot check`,
//! `/faq reload`, the file watcher and the edits from Discord (on a copy of the folder with the
//! change in place, before anything is written) all call it with the same [`Rules`], so they
//! accept and refuse exactly the same folders. The steps, in order:
//!
//! 1. read and validate the files ([`corpus::load_dir`], texts held to [`Rules::text`]);
//! 2. build the matcher's index ([`Index::build`]);
//! 3. lint each entry's `roles` and `aspects` against how its phrasings read ([`Index::lint`]);
//! 4. run `checks.txt` ([`faq_checks::run`]) with [`Rules::checks`].

use std::hash::{Hash, Hasher};
use std::path::Path;

use crate::corpus::{self, Diagnostic, LoadError, Severity, TextLimits};
use crate::faq_checks::{self, CHECKS_FILE};
use crate::matcher::{Index, Thresholds};

/// What a FAQ folder is held to.
#[derive(Debug, Clone, Copy)]
pub struct Rules {
    /// The longest text of each field ([`crate::limits::FAQ_TEXT`]: where Discord shows it).
    pub text: TextLimits,
    /// The thresholds `checks.txt` runs with (the bot's); `None` leaves the checks out.
    pub checks: Option<Thresholds>,
}

impl Rules {
    /// For a FAQ that is served (or checked or edited for serving): Discord's text limits, and
    /// `checks.txt` run with the bot's `thresholds`.
    pub fn serving(thresholds: Thresholds) -> Rules {
        Rules {
            text: crate::limits::FAQ_TEXT,
            checks: Some(thresholds),
        }
    }

    /// For looking into a FAQ without serving it (`faqbot ask`, `debug`, `eval`, `export`): every
    /// step but `checks.txt`, so that a folder whose checks fail can still be examined.
    pub fn inspecting() -> Rules {
        Rules {
            text: crate::limits::FAQ_TEXT,
            checks: None,
        }
    }
}

/// A FAQ folder that passed every step.
#[derive(Debug)]
pub struct Loaded {
    /// The index to serve.
    pub index: Index,
    /// Warnings from every step (never errors).
    pub warnings: Vec<Diagnostic>,
    /// Questions of `checks.txt` that were run and passed (0 without checks).
    pub checked: usize,
}

/// Loads `dir` through every step (see the module docs). Returns the index with its warnings,
/// or every error of the first step that had any, with the warnings seen so far (errors first).
pub fn load(dir: &Path, rules: &Rules) -> Result<Loaded, LoadError> {
    let loaded = corpus::load_dir(dir, &rules.text)?;
    let index = Index::build(loaded.corpus);
    let mut diagnostics = loaded.warnings;
    diagnostics.extend(index.lint());
    diagnostics.sort_by_key(|d| d.severity);
    if diagnostics.iter().any(|d| d.severity == Severity::Error) {
        return Err(LoadError { diagnostics });
    }
    let mut checked = 0;
    if let Some(thresholds) = &rules.checks {
        let report = faq_checks::run(dir, &index, thresholds);
        if !report.failures.is_empty() {
            let mut all = report.failures;
            all.extend(diagnostics);
            return Err(LoadError { diagnostics: all });
        }
        checked = report.checked;
    }
    Ok(Loaded {
        index,
        warnings: diagnostics,
        checked,
    })
}

/// What [`load`] would read of a folder, summed up: the names and bytes of its FAQ files and
/// `checks.txt` (or why they cannot be read). Equal fingerprints, equal FAQ; the file watcher
/// uses it to tell a change to the FAQ from one beside it (a swap file, a Kubernetes `..data`
/// link pointing at the same texts).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Fingerprint(u64);

/// The [`Fingerprint`] of `dir` now.
pub fn fingerprint(dir: &Path) -> Fingerprint {
    // `DefaultHasher::new()` has fixed keys: the same bytes give the same number for the life
    // of the process, which is all a comparison needs.
    let mut h = std::collections::hash_map::DefaultHasher::new();
    match corpus::faq_files(dir) {
        Ok(files) => {
            for path in files.iter().chain([&dir.join(CHECKS_FILE)]) {
                path.file_name().hash(&mut h);
                match std::fs::read(path) {
                    Ok(bytes) => bytes.hash(&mut h),
                    Err(e) => format!("{:?}", e.kind()).hash(&mut h),
                }
            }
        }
        Err(e) => format!("folder: {:?}", e.kind()).hash(&mut h),
    }
    Fingerprint(h.finish())
}
