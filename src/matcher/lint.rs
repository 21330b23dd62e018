//! Checks of entries that need the index (how their own phrasings read), run on every load
//! beside the corpus validation: `faqbot check`, reloads and edits report them at the entry's line.

use super::index::Index;

impl Index {
    /// Problems with the roles and aspects of entries, as diagnostics at the entry's line:
    /// an error when an entry's `roles` or `aspects` contradict how one of its own phrasings reads
    /// (members asking it that way could never get it), a warning when no aspect can be read
    /// from an entry's phrasings and none is set.
    pub fn lint(&self) -> Vec<crate::corpus::Diagnostic> {
        use crate::corpus::{Diagnostic, Severity};
        let mut out = Vec::new();
        for (i, e) in self.corpus.entries.iter().enumerate() {
            let profile = &self.profiles[i];
            let at = |severity, field: &str, message: String| Diagnostic {
                severity,
                file: e.file.clone(),
                line: e.line,
                column: 0,
                field: format!("entry[{}].{field}", e.id),
                message,
            };
            if profile.aspects.is_empty() {
                out.push(at(
                    Severity::Warning,
                    "aspects",
                    "no aspect is read from its phrasings: set `aspects = [...]` so questions about something else never get it".into(),
                ));
            }
            for p in e.phrasings() {
                let read = self
                    .reader
                    .read(&self.analyzer.corpus_words(p), &self.analyzer);
                let names = |ids: &[usize], aspects: bool| -> String {
                    ids.iter()
                        .map(|&x| {
                            if aspects {
                                self.corpus.aspects[x].id.clone()
                            } else {
                                self.corpus.roles[x].id.clone()
                            }
                        })
                        .collect::<Vec<_>>()
                        .join(", ")
                };
                let disjoint = |a: &[usize], b: &[usize]| {
                    !a.is_empty() && !b.is_empty() && !a.iter().any(|x| b.contains(x))
                };
                if e.aspects.is_some() && disjoint(&read.aspects, &profile.aspects) {
                    out.push(at(
                        Severity::Error,
                        "aspects",
                        format!(
                            "the phrasing \"{p}\" reads as [{}], none of which the entry has: add one to `aspects` or reword it",
                            names(&read.aspects, true)
                        ),
                    ));
                }
                if e.roles.is_some() && disjoint(&read.roles, &profile.roles) {
                    out.push(at(
                        Severity::Error,
                        "roles",
                        format!(
                            "the phrasing \"{p}\" names [{}], none of which the entry has: add one to `roles` or reword it",
                            names(&read.roles, false)
                        ),
                    ));
                }
            }
        }
        out
    }
}
