//! Changing FAQ entries from outside the files (the Discord commands `/faq edit`, `/faq add`,
//! `/faq remove`), transport-neutral.
//!
//! A change goes through the same gate as a hand edit: the folder with the change in place is
//! loaded by [`crate::faq::load`], exactly as `faqbot check` and a reload load it ([`candidate`]);
//! if that fails the change is refused with every reason and nothing is written. An accepted
//! change is written into the entry's topic file with toml_edit, so the rest of the file stays
//! byte for byte as it was ([`document`]), atomically, and the FAQ reloads through
//! [`FaqState::reload`], the path of `/faq reload`. Only if someone changed another file by hand
//! between the check and the reload can that reload fail; the files are then put back.
//!
//! Conflicts: an edit or removal carries the [`version`] of the entry as the moderator saw it;
//! if the entry changed since, the change is refused with [`EditError::Conflict`].

mod candidate;
mod document;

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use sha2::{Digest, Sha256};

use crate::corpus::{Diagnostic, REQUIRED_FILES};
use crate::faq::Rules;
use crate::faq_checks::CHECKS_FILE;
use crate::matcher::{Index, Thresholds};
use crate::reply::Reply;
use crate::state::FaqState;
pub use document::snippet;

/// The fields of an entry a moderator edits. Texts are trimmed; lists have no blank items.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Draft {
    /// The canonical question.
    pub question: String,
    /// Other ways members ask it.
    pub alternates: Vec<String>,
    /// The answer (Discord markdown).
    pub answer: String,
    /// Where its figures come from.
    pub source: Option<String>,
    /// Ids of related entries.
    pub related: Vec<String>,
}

impl Draft {
    /// A draft from form fields: alternates one per line, related ids split by commas, spaces or
    /// lines, an empty source meaning none. Line ends are normalised to `\n`.
    pub fn from_form(
        question: &str,
        alternates: &str,
        answer: &str,
        source: &str,
        related: &str,
    ) -> Draft {
        let answer = answer.replace("\r\n", "\n").replace('\r', "\n");
        Draft {
            question: question.split_whitespace().collect::<Vec<_>>().join(" "),
            alternates: alternates
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .map(str::to_string)
                .collect(),
            answer: answer.trim().to_string(),
            source: Some(source.trim().to_string()).filter(|s| !s.is_empty()),
            related: related
                .split(|c: char| c == ',' || c.is_whitespace())
                .filter(|r| !r.is_empty())
                .map(str::to_string)
                .collect(),
        }
    }
}

/// A change to the FAQ.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    /// Replace the fields of entry `id`, which had [`version`] `base` when the form opened.
    Edit {
        /// Entry id.
        id: String,
        /// Version seen by the moderator.
        base: String,
        /// The new fields.
        draft: Draft,
    },
    /// Append a new entry `id` to topic file `topic` (its stem, e.g. `education`).
    Add {
        /// Topic file stem.
        topic: String,
        /// New entry id.
        id: String,
        /// Its fields.
        draft: Draft,
    },
    /// Delete entry `id`, which had version `base`; checks answered by it go too.
    Remove {
        /// Entry id.
        id: String,
        /// Version seen by the moderator.
        base: String,
    },
}

impl Change {
    /// The entry concerned.
    pub fn id(&self) -> &str {
        match self {
            Change::Edit { id, .. } | Change::Add { id, .. } | Change::Remove { id, .. } => id,
        }
    }

    /// `"edited"`, `"added"` or `"removed"`.
    pub fn verb(&self) -> &'static str {
        match self {
            Change::Edit { .. } => "edited",
            Change::Add { .. } => "added",
            Change::Remove { .. } => "removed",
        }
    }
}

/// Why a change was not made. Nothing was written in any case.
#[derive(Debug, Clone, thiserror::Error)]
pub enum EditError {
    /// No entry has this id (any more).
    #[error("there is no FAQ entry `{0}` (it may have been removed)")]
    NotFound(String),
    /// The topic file does not exist.
    #[error("there is no topic file `{topic}` (known: {})", known.join(", "))]
    UnknownTopic {
        /// What was asked for.
        topic: String,
        /// The topic files there are.
        known: Vec<String>,
    },
    /// An entry with this id already exists.
    #[error("an entry `{id}` already exists, in {}", file.display())]
    Exists {
        /// The id.
        id: String,
        /// Where.
        file: PathBuf,
    },
    /// The entry changed since the moderator opened it.
    #[error("entry `{0}` was changed since you opened it (by another moderator or in its file)")]
    Conflict(String),
    /// The change changes nothing.
    #[error("nothing changed")]
    Unchanged,
    /// The changed folder does not validate or fails a check: every error.
    #[error("the change was refused: {} problem(s)", .0.len())]
    Rejected(Vec<Diagnostic>),
    /// Reading or writing a file failed.
    #[error("{0}")]
    Io(String),
}

/// A change that was written and is now served.
#[derive(Debug, Clone)]
pub struct Applied {
    /// What was done.
    pub change: Change,
    /// The topic file written.
    pub file: PathBuf,
    /// The entry before, as TOML (none for an addition).
    pub before: Option<String>,
    /// The entry after, as TOML (none for a removal).
    pub after: Option<String>,
    /// Lines of `checks.txt` removed with the entry.
    pub dropped_checks: Vec<String>,
    /// Warnings the FAQ now has.
    pub warnings: Vec<Diagnostic>,
    /// Entries now served.
    pub entries: usize,
}

/// What a change would do, once validated (for a confirmation prompt).
#[derive(Debug, Clone)]
pub struct Preview {
    /// The topic file it writes.
    pub file: PathBuf,
    /// Lines of `checks.txt` it removes.
    pub dropped_checks: Vec<String>,
}

/// An entry as found in its file.
#[derive(Debug, Clone)]
pub struct Located {
    /// The topic file.
    pub file: PathBuf,
    /// The topic (file stem).
    pub topic: String,
    /// Its fields.
    pub draft: Draft,
    /// Its [`version`].
    pub version: String,
}

/// A short fingerprint of an entry's fields (16 hex digits): equal versions, equal entries.
pub fn version(id: &str, d: &Draft) -> String {
    // Length-prefixed, so no two different entries give the same bytes.
    fn text(h: &mut Sha256, s: &str) {
        h.update((s.len() as u64).to_le_bytes());
        h.update(s.as_bytes());
    }
    fn list(h: &mut Sha256, items: &[String]) {
        h.update((items.len() as u64).to_le_bytes());
        items.iter().for_each(|s| text(h, s));
    }
    let mut h = Sha256::new();
    text(&mut h, id);
    text(&mut h, &d.question);
    list(&mut h, &d.alternates);
    text(&mut h, &d.answer);
    match &d.source {
        Some(s) => {
            h.update([1u8]);
            text(&mut h, s);
        }
        None => h.update([0u8]),
    }
    list(&mut h, &d.related);
    h.finalize()[..8]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// True for an id the files accept (the same rule as loading them).
pub use crate::corpus::is_kebab_case as is_valid_id;

/// The topic files of a folder (stems, sorted): its FAQ files ([`crate::corpus::faq_files`]: no
/// swap or AppleDouble files) but the required ones (roles, synonyms, aspects), which hold no
/// entries.
pub fn topics(dir: &Path) -> Vec<String> {
    let mut out: Vec<String> = crate::corpus::faq_files(dir)
        .into_iter()
        .flatten()
        .filter(|p| {
            let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
            !REQUIRED_FILES.contains(&name)
        })
        .filter_map(|p| p.file_stem().and_then(|s| s.to_str()).map(str::to_string))
        .collect();
    out.sort();
    out
}

/// Finds entry `id` in the topic files of `dir` as they are on disk now.
pub fn locate(dir: &Path, id: &str) -> Option<Located> {
    topics(dir).into_iter().find_map(|topic| {
        let file = dir.join(format!("{topic}.toml"));
        let doc = document::parse(&std::fs::read_to_string(&file).ok()?).ok()?;
        let table = document::entries(&doc)?.get(document::position(&doc, id)?)?;
        let draft = document::draft_of(table);
        Some(Located {
            version: version(id, &draft),
            file,
            topic,
            draft,
        })
    })
}

/// Makes changes to one FAQ folder, one at a time.
#[derive(Debug)]
pub struct Editor {
    dir: PathBuf,
    thresholds: Thresholds,
    rules: Rules,
    lock: Mutex<()>,
}

/// Files to write, with their old bytes for putting them back.
struct Plan {
    file: PathBuf,
    writes: Vec<(PathBuf, Vec<u8>, String)>,
    before: Option<String>,
    after: Option<String>,
    dropped_checks: Vec<String>,
}

impl Editor {
    /// An editor for the FAQ folder `dir`; a change is held to [`Rules::serving`] with
    /// `thresholds` (the bot's), as `faqbot check` and the bot's reloads hold the folder.
    pub fn new(dir: &Path, thresholds: Thresholds) -> Editor {
        Editor {
            dir: dir.to_path_buf(),
            thresholds,
            rules: Rules::serving(thresholds),
            lock: Mutex::new(()),
        }
    }

    /// The folder edited.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Validates a change without writing it. `index` is the FAQ being served (it decides
    /// which checks a removal takes with it).
    pub fn preview(&self, index: &Index, change: &Change) -> Result<Preview, EditError> {
        let plan = self.plan(index, change)?;
        Ok(Preview {
            file: plan.file,
            dropped_checks: plan.dropped_checks,
        })
    }

    /// Validates, writes and reloads a change; see the module docs.
    pub fn apply(&self, state: &FaqState, change: &Change) -> Result<Applied, EditError> {
        let _one_at_a_time = self.lock.lock().unwrap_or_else(|p| p.into_inner());
        let plan = self.plan(&state.index(), change)?;
        let mut written: Vec<&(PathBuf, Vec<u8>, String)> = Vec::new();
        for w in &plan.writes {
            if let Err(e) = candidate::write_atomic(&w.0, w.2.as_bytes()) {
                restore(&written);
                return Err(EditError::Io(format!(
                    "cannot write {}: {e}",
                    w.0.display()
                )));
            }
            written.push(w);
        }
        match state.reload() {
            Ok(r) => Ok(Applied {
                change: change.clone(),
                file: plan.file,
                before: plan.before,
                after: plan.after,
                dropped_checks: plan.dropped_checks,
                warnings: r.warnings,
                entries: r.entries,
            }),
            Err(e) => {
                restore(&written);
                let _ = state.reload();
                Err(EditError::Rejected(e.errors().cloned().collect()))
            }
        }
    }

    /// The files `change` would write, (path, new text), before any check: what
    /// [`Editor::apply`] validates as a candidate folder. For showing a change, and for holding
    /// the edit path to `faqbot check` (both judge the folder with these files in place).
    pub fn proposed(
        &self,
        index: &Index,
        change: &Change,
    ) -> Result<Vec<(PathBuf, String)>, EditError> {
        Ok(self
            .compose(index, change)?
            .writes
            .into_iter()
            .map(|(path, _, new)| (path, new))
            .collect())
    }

    /// The change composed ([`Editor::compose`]) and its candidate folder validated.
    fn plan(&self, index: &Index, change: &Change) -> Result<Plan, EditError> {
        let plan = self.compose(index, change)?;
        let replaced: Vec<(PathBuf, String)> = plan
            .writes
            .iter()
            .map(|(p, _, new)| (p.clone(), new.clone()))
            .collect();
        candidate::validate(&self.dir, &replaced, &self.rules)
            .map_err(|problems| EditError::Rejected(without_echoes(problems, change)))?;
        Ok(plan)
    }

    /// The files to write for `change`, with their old bytes; nothing checked but the change
    /// itself (the entry exists, is unchanged since the form opened, the topic exists…).
    fn compose(&self, index: &Index, change: &Change) -> Result<Plan, EditError> {
        let read = |path: &Path| {
            std::fs::read(path)
                .map_err(|e| EditError::Io(format!("cannot read {}: {e}", path.display())))
        };
        let utf8 = |bytes: &[u8], path: &Path| {
            String::from_utf8(bytes.to_vec())
                .map_err(|_| EditError::Io(format!("{} is not UTF-8 text", path.display())))
        };
        let parse = |text: &str, path: &Path| {
            document::parse(text)
                .map_err(|e| EditError::Io(format!("cannot parse {}: {e}", path.display())))
        };
        let id = change.id().to_string();
        let mut plan = match change {
            Change::Edit { base, .. } | Change::Remove { base, .. } => {
                let found =
                    locate(&self.dir, &id).ok_or_else(|| EditError::NotFound(id.clone()))?;
                if &found.version != base {
                    return Err(EditError::Conflict(id));
                }
                let old = read(&found.file)?;
                let mut doc = parse(&utf8(&old, &found.file)?, &found.file)?;
                let at =
                    document::position(&doc, &id).ok_or_else(|| EditError::NotFound(id.clone()))?;
                let aot = doc
                    .get_mut("entry")
                    .and_then(|i| i.as_array_of_tables_mut())
                    .ok_or_else(|| EditError::NotFound(id.clone()))?;
                let after = match change {
                    Change::Edit { draft, .. } => {
                        let table = aot
                            .get_mut(at)
                            .ok_or_else(|| EditError::NotFound(id.clone()))?;
                        document::update(table, &found.draft, draft);
                        Some(snippet(&id, draft))
                    }
                    _ => {
                        aot.remove(at);
                        if aot.is_empty() {
                            doc.remove("entry");
                        }
                        None
                    }
                };
                let new = doc.to_string();
                if new.as_bytes() == old.as_slice() {
                    return Err(EditError::Unchanged);
                }
                Plan {
                    writes: vec![(found.file.clone(), old, new)],
                    file: found.file,
                    before: Some(snippet(&id, &found.draft)),
                    after,
                    dropped_checks: Vec::new(),
                }
            }
            Change::Add { topic, draft, .. } => {
                let known = topics(&self.dir);
                if !known.contains(topic) {
                    return Err(EditError::UnknownTopic {
                        topic: topic.clone(),
                        known,
                    });
                }
                if let Some(found) = locate(&self.dir, &id) {
                    return Err(EditError::Exists {
                        id,
                        file: found.file,
                    });
                }
                let file = self.dir.join(format!("{topic}.toml"));
                let old = read(&file)?;
                let mut doc = parse(&utf8(&old, &file)?, &file)?;
                let table = document::new_table(&id, draft);
                match doc
                    .get_mut("entry")
                    .and_then(|i| i.as_array_of_tables_mut())
                {
                    Some(aot) => aot.push(table),
                    None => {
                        let mut aot = toml_edit::ArrayOfTables::new();
                        aot.push(table);
                        doc.insert("entry", toml_edit::Item::ArrayOfTables(aot));
                    }
                }
                Plan {
                    writes: vec![(file.clone(), old, doc.to_string())],
                    file,
                    before: None,
                    after: Some(snippet(&id, draft)),
                    dropped_checks: Vec::new(),
                }
            }
        };
        if let Change::Remove { .. } = change {
            if let Some((path, old, new, dropped)) = self.checks_without(index, &id)? {
                // The checks go first: should the second write fail, an entry without its
                // checks still loads, while checks without their entry would block reloads.
                plan.writes.insert(0, (path, old, new));
                plan.dropped_checks = dropped;
            }
        }
        Ok(plan)
    }

    /// `checks.txt` without the questions that `index` answers with entry `id`: (path, old
    /// bytes, new text, removed lines), or `None` when no check is answered by it.
    #[allow(clippy::type_complexity)]
    fn checks_without(
        &self,
        index: &Index,
        id: &str,
    ) -> Result<Option<(PathBuf, Vec<u8>, String, Vec<String>)>, EditError> {
        let path = self.dir.join(CHECKS_FILE);
        let Ok(old) = std::fs::read(&path) else {
            return Ok(None);
        };
        let text = String::from_utf8_lossy(&old).into_owned();
        let Ok(cases) = crate::eval::parse(&text) else {
            return Ok(None); // reported by validation
        };
        let lines: Vec<usize> = cases
            .iter()
            .filter(|c| c.expected.is_some())
            .filter(|c| matches!(index.reply(&c.question, &self.thresholds), Reply::Answer(a) if a.id == id))
            .map(|c| c.line)
            .collect();
        if lines.is_empty() {
            return Ok(None);
        }
        let mut kept = String::new();
        let mut dropped = Vec::new();
        for (i, line) in text.split_inclusive('\n').enumerate() {
            if lines.contains(&(i + 1)) {
                dropped.push(line.trim_end().to_string());
            } else {
                kept.push_str(line);
            }
        }
        Ok(Some((path, old, kept, dropped)))
    }
}

/// The loader leaves out an invalid entry, so links to it from other entries are reported too.
/// For an edited or added entry that is still in the files, those echoes are noise next to
/// the entry's own errors: they go.
fn without_echoes(mut problems: Vec<Diagnostic>, change: &Change) -> Vec<Diagnostic> {
    if let Change::Remove { .. } = change {
        return problems;
    }
    let id = change.id();
    let own = format!("entry[{id}]");
    if problems.iter().any(|d| d.field.starts_with(&own)) {
        let echo = format!("`{id}` is not the id of any entry");
        problems.retain(|d| d.message != echo);
    }
    problems
}

/// Puts written files back as they were (best effort: this runs after a failure already).
fn restore(written: &[&(PathBuf, Vec<u8>, String)]) {
    for (path, old, _) in written.iter().rev() {
        if let Err(e) = candidate::write_atomic(path, old) {
            tracing::error!("could not restore {}: {e}", path.display());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_form_becomes_a_clean_draft() {
        let d = Draft::from_form(
            "  What is  an MLT? ",
            "a\r\n\n  b  \nc\n",
            "\r\nLine one\r\nLine two\n\n",
            "   ",
            "x-y, z\nw",
        );
        assert_eq!(d.question, "What is an MLT?");
        assert_eq!(d.alternates, ["a", "b", "c"]);
        assert_eq!(d.answer, "Line one\nLine two");
        assert_eq!(d.source, None);
        assert_eq!(d.related, ["x-y", "z", "w"]);
    }

    #[test]
    fn versions_differ_when_any_field_differs() {
        let d = Draft::from_form("q", "a\nb\nc", "answer", "", "");
        let v = version("id", &d);
        assert_eq!(v.len(), 16);
        assert_eq!(v, version("id", &d.clone()));
        let mut e = d.clone();
        e.source = Some(String::new());
        assert_ne!(v, version("id", &e), "no source and an empty source differ");
        let mut e = d.clone();
        e.alternates = vec!["a\u{1f}b".into(), "c".into()];
        assert_ne!(v, version("id", &e));
        assert_ne!(v, version("other", &d));
    }
}
