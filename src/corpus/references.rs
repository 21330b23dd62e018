//! Ids written in one file that must exist in another (`related` entries, an entry's `roles` and
//! `aspects`): collected while the files are read, checked once all of them are.

use std::collections::HashSet;
use std::path::PathBuf;

use toml::Spanned;

use super::diagnostic::{Diagnostic, Reporter, Severity};
use super::fields::is_kebab_case;
use super::{Corpus, ASPECTS_FILE, ROLES_FILE};

/// An id written in one file that must exist once every file is read.
pub(super) struct Reference {
    file: PathBuf,
    line: usize,
    column: usize,
    field: String,
    target: String,
}

impl Reference {
    /// A reference to `target`, written at byte `offset` of the reporter's file.
    pub(super) fn new(rep: &Reporter<'_>, offset: usize, field: String, target: &str) -> Self {
        let (line, column) = rep.lines.locate(offset);
        Reference {
            file: rep.file.to_path_buf(),
            line,
            column,
            field,
            target: target.to_string(),
        }
    }

    fn error(self, message: String) -> Diagnostic {
        Diagnostic {
            severity: Severity::Error,
            file: self.file,
            line: self.line,
            column: self.column,
            field: self.field,
            message,
        }
    }
}

/// References across files: `related` entry ids, entry `roles` and entry `aspects`.
#[derive(Default)]
pub(super) struct Pending {
    pub(super) related: Vec<Reference>,
    pub(super) roles: Vec<Reference>,
    pub(super) aspects: Vec<Reference>,
    /// Ids declared in `roles.toml` and `aspects.toml`, even by a role or aspect with other
    /// errors, so one mistake there is reported once, not again at every entry using the id.
    /// `None` when the file could not be read: its own error says enough.
    pub(super) declared_roles: Option<Vec<String>>,
    pub(super) declared_aspects: Option<Vec<String>>,
}

impl Pending {
    /// Reports the references to ids that exist nowhere. `ids_in_broken_files` are the entry ids
    /// of topic files TOML could not read: their own error says enough.
    pub(super) fn check(
        self,
        corpus: &Corpus,
        ids_in_broken_files: &HashSet<String>,
        out: &mut Vec<Diagnostic>,
    ) {
        let entries: HashSet<&str> = corpus.entries.iter().map(|e| e.id.as_str()).collect();
        for r in self.related {
            if !entries.contains(r.target.as_str()) && !ids_in_broken_files.contains(&r.target) {
                let message = format!("`{}` is not the id of any entry", r.target);
                out.push(r.error(message));
            }
        }
        for (refs, known, what, file) in [
            (self.roles, self.declared_roles, "role", ROLES_FILE),
            (self.aspects, self.declared_aspects, "aspect", ASPECTS_FILE),
        ] {
            let Some(known) = known else {
                continue;
            };
            for r in refs {
                if !known.contains(&r.target) {
                    let message = format!(
                        "`{}` is not the id of any {what} in {file} (known: {})",
                        r.target,
                        known.join(", ")
                    );
                    out.push(r.error(message));
                }
            }
        }
    }
}

/// An optional list of ids (`roles = [...]`, `aspects = [...]`): each non-empty and kebab-case,
/// queued to be checked against the other files.
pub(super) fn id_list(
    value: &Option<Spanned<Vec<Spanned<String>>>>,
    field: &str,
    rep: &mut Reporter<'_>,
    pending: &mut Vec<Reference>,
) -> Option<Vec<String>> {
    let list = value.as_ref()?;
    if list.get_ref().is_empty() {
        rep.error(
            Some(list.span()),
            field,
            "is empty (remove the key to read it from the phrasings)",
        );
    }
    let mut ids = Vec::new();
    for (i, item) in list.get_ref().iter().enumerate() {
        let id = item.get_ref().trim();
        let item_field = format!("{field}[{i}]");
        if !is_kebab_case(id) {
            rep.error(
                Some(item.span()),
                item_field,
                format!("`{id}` is not an id"),
            );
            continue;
        }
        pending.push(Reference::new(rep, item.span().start, item_field, id));
        ids.push(id.to_string());
    }
    Some(ids)
}
