//! Reading a whole FAQ folder: every FAQ file is read and checked by its kind (topics, roles,
//! aspects, synonyms), then what spans files (ids referenced from another file, required files,
//! phrasings shared by two entries).

use std::collections::HashSet;
use std::path::Path;

use super::aspects::{aspects, RawAspectsFile};
use super::diagnostic::{LineIndex, LoadError, Reporter, Severity};
use super::fields::{declared, TextLimits};
use super::files::{faq_files, file_error, parse, read};
use super::raw::{RawRolesFile, RawSynonymsFile, RawTopicFile};
use super::references::Pending;
use super::roles::roles;
use super::synonyms::synonyms;
use super::topics::{duplicate_phrasings, topic, FirstSeen, TopicContext};
use super::{Corpus, Loaded, ASPECTS_FILE, REQUIRED_FILES, ROLES_FILE, SYNONYMS_FILE};

/// See [`super::load_dir`].
pub(super) fn load_dir(dir: &Path, limits: &TextLimits) -> Result<Loaded, LoadError> {
    let mut diagnostics = Vec::new();
    let files = match faq_files(dir) {
        Ok(files) => files,
        Err(e) => {
            return Err(LoadError {
                diagnostics: vec![file_error(dir, format!("cannot read the FAQ folder: {e}"))],
            })
        }
    };

    for required in REQUIRED_FILES {
        if !files
            .iter()
            .any(|f| f.file_name().is_some_and(|n| n == *required))
        {
            diagnostics.push(file_error(
                &dir.join(required),
                format!(
                    "missing: every FAQ folder needs `{required}` (was it renamed or deleted?)"
                ),
            ));
        }
    }

    let mut corpus = Corpus::default();
    // Ids defined in topic files that could not be parsed, found by a plain scan, so that
    // `related` references to them are not reported as errors on top of the parse error.
    let mut ids_in_broken_files: HashSet<String> = HashSet::new();
    let mut first_seen = FirstSeen::new();
    // Ids to check once every file is read: related entries, roles and aspects.
    let mut pending = Pending::default();

    for path in &files {
        let Some(text) = read(path, &mut diagnostics) else {
            continue;
        };
        let lines = LineIndex::new(&text);
        let mut rep = Reporter {
            file: path,
            lines: &lines,
            out: &mut diagnostics,
        };
        let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        match name {
            ROLES_FILE => {
                if let Some(raw) = parse::<RawRolesFile>(&text, &mut rep) {
                    pending.declared_roles = Some(
                        raw.role
                            .iter()
                            .filter_map(|r| declared(&r.get_ref().id))
                            .collect(),
                    );
                    corpus.roles = roles(raw, limits, &mut rep);
                }
            }
            SYNONYMS_FILE => {
                if let Some(raw) = parse::<RawSynonymsFile>(&text, &mut rep) {
                    corpus.synonyms = synonyms(raw, &mut rep);
                }
            }
            ASPECTS_FILE => {
                if let Some(raw) = parse::<RawAspectsFile>(&text, &mut rep) {
                    pending.declared_aspects = Some(
                        raw.aspect
                            .iter()
                            .filter_map(|a| declared(&a.get_ref().id))
                            .collect(),
                    );
                    corpus.aspects = aspects(raw, &mut rep);
                }
            }
            _ => {
                if let Some(raw) = parse::<RawTopicFile>(&text, &mut rep) {
                    let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or("faq");
                    let mut cx = TopicContext {
                        limits,
                        first_seen: &mut first_seen,
                        pending: &mut pending,
                    };
                    let (topic, entries) = topic(stem, raw, &mut rep, &mut cx);
                    corpus.topics.push(topic);
                    corpus.entries.extend(entries);
                } else {
                    ids_in_broken_files.extend(scan_ids(&text));
                }
            }
        }
    }

    pending.check(&corpus, &ids_in_broken_files, &mut diagnostics);
    if corpus.entries.is_empty() && !diagnostics.iter().any(|d| d.severity == Severity::Error) {
        diagnostics.push(file_error(
            dir,
            "no FAQ entries found (expected `.toml` topic files with [[entry]] tables)".into(),
        ));
    }
    duplicate_phrasings(&corpus, &mut diagnostics);

    diagnostics.sort_by_key(|d| d.severity);
    if diagnostics.iter().any(|d| d.severity == Severity::Error) {
        Err(LoadError { diagnostics })
    } else {
        Ok(Loaded {
            corpus,
            warnings: diagnostics,
        })
    }
}

/// The `id = "..."` values of a file that is not valid TOML, read line by line.
fn scan_ids(text: &str) -> Vec<String> {
    text.lines()
        .filter_map(|line| {
            let rest = line
                .trim()
                .strip_prefix("id")?
                .trim_start()
                .strip_prefix('=')?;
            let rest = rest.trim().strip_prefix('"')?;
            Some(rest.split('"').next()?.trim().to_string())
        })
        .filter(|id| !id.is_empty())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_found_in_a_file_toml_cannot_read() {
        let text = "[[entry]]\nid = \"mlt-salary\"\nquestion = oops\n  id=\"b\"\nidea = \"x\"\n";
        assert_eq!(scan_ids(text), ["mlt-salary", "b"]);
    }
}
