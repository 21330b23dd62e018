//! Checks raw FAQ files and builds the validated [`Corpus`].

use std::collections::{BTreeMap, HashMap, HashSet};
use std::ops::Range;
use std::path::{Path, PathBuf};

use toml::Spanned;

use super::aspects::{aspects, RawAspectsFile};
use super::diagnostic::{Diagnostic, LineIndex, LoadError, Reporter, Severity};
use super::raw::{RawEntry, RawRolesFile, RawSynonymsFile, RawTopicFile};
use super::words::synonyms;
use super::{
    Corpus, Entry, Loaded, Role, RoleAttribute, Topic, ASPECTS_FILE, REQUIRED_FILES, ROLES_FILE,
    SYNONYMS_FILE,
};
use crate::limits;
use crate::text::normalize::normalize_text;

/// Fewest alternates an entry may have.
const MIN_ALTERNATES: usize = 3;

pub(super) fn load_dir(dir: &Path) -> Result<Loaded, LoadError> {
    let mut diagnostics = Vec::new();
    let files = match list_toml_files(dir) {
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
    // Where each id was first defined, to point duplicate ids at the original.
    let mut first_seen: HashMap<String, (PathBuf, usize)> = HashMap::new();
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
                    corpus.roles = roles(raw, &mut rep);
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
                    let (topic, entries) =
                        topic(stem, raw, &mut rep, &mut first_seen, &mut pending);
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

/// An id written in one file that must exist once every file is read.
struct Reference {
    file: PathBuf,
    line: usize,
    column: usize,
    field: String,
    target: String,
}

impl Reference {
    fn new(rep: &Reporter<'_>, offset: usize, field: String, target: &str) -> Self {
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
struct Pending {
    related: Vec<Reference>,
    roles: Vec<Reference>,
    aspects: Vec<Reference>,
    /// Ids declared in `roles.toml` and `aspects.toml`, even by a role or aspect with other
    /// errors, so one mistake there is reported once, not again at every entry using the id.
    /// `None` when the file could not be read: its own error says enough.
    declared_roles: Option<Vec<String>>,
    declared_aspects: Option<Vec<String>>,
}

/// The trimmed id of a raw entry, role or aspect, if it has one.
fn declared(id: &Option<Spanned<String>>) -> Option<String> {
    id.as_ref()
        .map(|id| id.get_ref().trim().to_string())
        .filter(|id| !id.is_empty())
}

/// How diagnostics name the `n`-th (0-based) table of a file: its id, or `#n+1` without one.
pub(super) fn label(id: &Option<Spanned<String>>, n: usize) -> String {
    declared(id).unwrap_or_else(|| format!("#{}", n + 1))
}

impl Pending {
    /// Reports the references to ids that exist nowhere. `ids_in_broken_files` are the entry ids
    /// of topic files TOML could not read: their own error says enough.
    fn check(
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
fn id_list(
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

fn file_error(file: &Path, message: String) -> Diagnostic {
    Diagnostic {
        severity: Severity::Error,
        file: file.to_path_buf(),
        line: 0,
        column: 0,
        field: String::new(),
        message,
    }
}

/// The `.toml` files of a folder, sorted by name so loading is deterministic.
fn list_toml_files(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.is_file() && p.extension().is_some_and(|x| x == "toml"))
        .collect();
    files.sort();
    Ok(files)
}

/// The file's text. A file that is not valid UTF-8 is an error at the line and column of the
/// first bad byte; its text is still returned (bad bytes replaced by U+FFFD) so that the rest of
/// it is checked and its entries stay known to the other files.
fn read(path: &Path, out: &mut Vec<Diagnostic>) -> Option<String> {
    match std::fs::read(path) {
        Ok(bytes) => match String::from_utf8(bytes) {
            Ok(text) => Some(text),
            Err(e) => {
                let bad = e.utf8_error().valid_up_to();
                let bytes = e.into_bytes();
                let valid = std::str::from_utf8(&bytes[..bad]).unwrap_or_default();
                let (line, column) = LineIndex::new(valid).locate(bad);
                out.push(Diagnostic {
                    severity: Severity::Error,
                    file: path.to_path_buf(),
                    line,
                    column,
                    field: String::new(),
                    message: format!(
                        "not valid UTF-8: byte 0x{:02X} (the file may be saved as Latin-1 or \
                         Windows-1252; save it as UTF-8)",
                        bytes[bad]
                    ),
                });
                Some(String::from_utf8_lossy(&bytes).into_owned())
            }
        },
        Err(e) => {
            out.push(file_error(path, format!("cannot read: {e}")));
            None
        }
    }
}

fn parse<T: serde::de::DeserializeOwned>(text: &str, rep: &mut Reporter<'_>) -> Option<T> {
    match toml::from_str::<T>(text) {
        Ok(raw) => Some(raw),
        Err(e) => {
            // The message of a TOML error is one line; the span points at the offending place.
            let message = toml_message(&e);
            let field = unknown_or_missing_field(&message);
            rep.error(e.span(), field, message);
            None
        }
    }
}

/// The one-line message of a TOML error (its lines joined by "; "). Some syntax errors (a control character in a comment)
/// have an empty `message()`; their description is then taken from the full report, whose
/// other lines are the location and a snippet of the file.
fn toml_message(e: &toml::de::Error) -> String {
    let message: Vec<&str> = e
        .message()
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    if !message.is_empty() {
        return message.join("; ");
    }
    let report = e.to_string();
    let described: Vec<&str> = report
        .lines()
        .map(str::trim)
        .filter(|l| {
            !l.is_empty()
                && !l.starts_with("TOML parse error")
                && !l.starts_with('|')
                && !l.chars().next().is_some_and(|c| c.is_ascii_digit())
        })
        .collect();
    if described.is_empty() {
        "invalid TOML syntax here".to_string()
    } else {
        described.join("; ")
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

/// Pulls the field name out of serde's "unknown field `x`" / "missing field `x`" messages.
fn unknown_or_missing_field(message: &str) -> String {
    message
        .split('`')
        .nth(1)
        .filter(|_| message.contains("field"))
        .unwrap_or("")
        .to_string()
}

/// A text field that must be present and not blank.
pub(super) fn required<'a>(
    value: &'a Option<Spanned<String>>,
    whole: Range<usize>,
    field: &str,
    rep: &mut Reporter<'_>,
) -> Option<&'a Spanned<String>> {
    match value {
        None => {
            rep.error(Some(whole), field, "missing (required)");
            None
        }
        Some(v) if v.get_ref().trim().is_empty() => {
            rep.error(Some(v.span()), field, "is empty");
            None
        }
        Some(v) => Some(v),
    }
}

fn check_len(value: &Spanned<String>, max: usize, what: &str, field: &str, rep: &mut Reporter<'_>) {
    let len = limits::char_len(value.get_ref());
    if len > max {
        rep.error(
            Some(value.span()),
            field,
            format!("is {len} characters; Discord allows at most {max} in {what}"),
        );
    }
}

/// True for an id the files accept: lowercase letters and digits joined by single dashes.
pub fn is_kebab_case(id: &str) -> bool {
    !id.is_empty()
        && id.split('-').all(|part| {
            !part.is_empty()
                && part
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        })
}

/// True when the text gives a figure that needs a source: an amount of money or a percentage.
fn has_figure(text: &str) -> bool {
    let chars: Vec<char> = text.chars().collect();
    chars
        .windows(2)
        .any(|w| (w[0] == '$' && w[1].is_ascii_digit()) || (w[0].is_ascii_digit() && w[1] == '%'))
}

fn topic(
    stem: &str,
    raw: RawTopicFile,
    rep: &mut Reporter<'_>,
    first_seen: &mut HashMap<String, (PathBuf, usize)>,
    pending: &mut Pending,
) -> (Topic, Vec<Entry>) {
    let title = match &raw.topic {
        Some(t) if !t.get_ref().trim().is_empty() => {
            check_len(t, limits::EMBED_FIELD_NAME, "a field name", "topic", rep);
            t.get_ref().trim().to_string()
        }
        _ => {
            rep.warning(
                None,
                "topic",
                format!("no `topic = \"...\"` title; using the file name `{stem}`"),
            );
            stem.to_string()
        }
    };
    if raw.entry.is_empty() {
        rep.warning(None, "entry", "the file has no [[entry]] tables");
    }
    let mut entries = Vec::new();
    for (n, spanned) in raw.entry.iter().enumerate() {
        let whole = spanned.span();
        let e: &RawEntry = spanned.get_ref();
        let label = label(&e.id, n);
        let f = |name: &str| format!("entry[{label}].{name}");
        let mut ok = true;

        let id = required(&e.id, whole.clone(), &f("id"), rep);
        if let Some(id) = id {
            let text = id.get_ref().trim();
            if !is_kebab_case(text) {
                ok = false;
                rep.error(
                    Some(id.span()),
                    f("id"),
                    format!(
                        "`{text}` is not kebab-case (lowercase letters and digits joined by '-')"
                    ),
                );
            }
            let (line, _) = rep.lines.locate(id.span().start);
            if let Some((file, first_line)) = first_seen.get(text) {
                ok = false;
                rep.error(
                    Some(id.span()),
                    f("id"),
                    format!(
                        "duplicate id `{text}` (first defined at {}:{first_line})",
                        file.display()
                    ),
                );
            } else {
                first_seen.insert(text.to_string(), (rep.file.to_path_buf(), line));
            }
        } else {
            ok = false;
        }

        let question = required(&e.question, whole.clone(), &f("question"), rep);
        match question {
            Some(q) => check_len(
                q,
                limits::EMBED_TITLE,
                "an embed title",
                &f("question"),
                rep,
            ),
            None => ok = false,
        }

        let answer = required(&e.answer, whole.clone(), &f("answer"), rep);
        match answer {
            Some(a) => {
                check_len(a, limits::MESSAGE_CONTENT, "a message", &f("answer"), rep);
                let len = limits::char_len(a.get_ref().trim());
                if len > limits::ANSWER_SOFT && len <= limits::MESSAGE_CONTENT {
                    rep.warning(
                        Some(a.span()),
                        f("answer"),
                        format!(
                            "is {len} characters; answers read best under {}",
                            limits::ANSWER_SOFT
                        ),
                    );
                }
            }
            None => ok = false,
        }

        let source = match &e.source {
            Some(s) if s.get_ref().trim().is_empty() => {
                ok = false;
                rep.error(
                    Some(s.span()),
                    f("source"),
                    "is empty (remove the key or fill it in)",
                );
                None
            }
            Some(s) => {
                check_len(
                    s,
                    limits::EMBED_FOOTER,
                    "an embed footer",
                    &f("source"),
                    rep,
                );
                Some(s.get_ref().trim().to_string())
            }
            None => None,
        };
        if let (Some(a), None) = (answer, &e.source) {
            if has_figure(a.get_ref()) {
                ok = false;
                rep.error(
                    Some(a.span()),
                    f("source"),
                    "the answer gives a figure ($ or %) but the entry has no `source`",
                );
            }
        }

        let mut alternates = Vec::new();
        match &e.alternates {
            None => {
                ok = false;
                rep.error(Some(whole.clone()), f("alternates"), "missing (required)");
            }
            Some(list) => {
                for (i, alt) in list.get_ref().iter().enumerate() {
                    if alt.get_ref().trim().is_empty() {
                        ok = false;
                        rep.error(
                            Some(alt.span()),
                            format!("{}[{i}]", f("alternates")),
                            "is empty",
                        );
                    } else {
                        check_len(
                            alt,
                            limits::EMBED_TITLE,
                            "an embed title",
                            &f("alternates"),
                            rep,
                        );
                        alternates.push(alt.get_ref().trim().to_string());
                    }
                }
                if list.get_ref().len() < MIN_ALTERNATES {
                    ok = false;
                    rep.error(
                        Some(list.span()),
                        f("alternates"),
                        format!(
                            "has {} phrasing(s); give at least {MIN_ALTERNATES} other ways members ask it",
                            list.get_ref().len()
                        ),
                    );
                }
            }
        }

        let mut related = Vec::new();
        if let Some(list) = &e.related {
            for (i, r) in list.get_ref().iter().enumerate() {
                let target = r.get_ref().trim().to_string();
                let field = format!("{}[{i}]", f("related"));
                if target.is_empty() {
                    ok = false;
                    rep.error(Some(r.span()), field, "is empty");
                    continue;
                }
                if Some(target.as_str()) == id.map(|id| id.get_ref().trim()) {
                    ok = false;
                    rep.error(
                        Some(r.span()),
                        field,
                        "an entry cannot be related to itself",
                    );
                    continue;
                }
                pending
                    .related
                    .push(Reference::new(rep, r.span().start, field, &target));
                related.push(target);
            }
        }
        let roles = id_list(&e.roles, &f("roles"), rep, &mut pending.roles);
        let aspects = id_list(&e.aspects, &f("aspects"), rep, &mut pending.aspects);

        if ok {
            let (line, _) = rep.lines.locate(whole.start);
            entries.push(Entry {
                id: id
                    .map(|v| v.get_ref().trim().to_string())
                    .unwrap_or_default(),
                topic: stem.to_string(),
                question: question
                    .map(|v| v.get_ref().trim().to_string())
                    .unwrap_or_default(),
                alternates,
                answer: answer
                    .map(|v| v.get_ref().trim().to_string())
                    .unwrap_or_default(),
                source,
                related,
                roles,
                aspects,
                file: rep.file.to_path_buf(),
                line,
            });
        }
    }
    let topic = Topic {
        id: stem.to_string(),
        title,
        entry_ids: entries.iter().map(|e| e.id.clone()).collect(),
    };
    (topic, entries)
}

fn roles(raw: RawRolesFile, rep: &mut Reporter<'_>) -> Vec<Role> {
    let mut out = Vec::new();
    let mut ids: HashSet<String> = HashSet::new();
    let mut aliases_seen: HashMap<String, String> = HashMap::new();
    for (n, spanned) in raw.role.iter().enumerate() {
        let whole = spanned.span();
        let r = spanned.get_ref();
        let label = label(&r.id, n);
        let f = |name: &str| format!("role[{label}].{name}");
        let mut ok = true;

        let id = required(&r.id, whole.clone(), &f("id"), rep);
        if let Some(id) = id {
            let text = id.get_ref().trim().to_string();
            if !is_kebab_case(&text) {
                ok = false;
                rep.error(
                    Some(id.span()),
                    f("id"),
                    format!("`{text}` is not kebab-case"),
                );
            }
            if !ids.insert(text.clone()) {
                ok = false;
                rep.error(
                    Some(id.span()),
                    f("id"),
                    format!("duplicate role id `{text}`"),
                );
            }
        } else {
            ok = false;
        }
        let name = required(&r.name, whole.clone(), &f("name"), rep);
        match name {
            Some(n) => check_len(n, limits::EMBED_FIELD_NAME, "a field name", &f("name"), rep),
            None => ok = false,
        }

        let mut aliases = Vec::new();
        if let Some(list) = &r.aliases {
            for (i, a) in list.get_ref().iter().enumerate() {
                let norm = normalize_text(a.get_ref());
                let field = format!("{}[{i}]", f("aliases"));
                if norm.is_empty() {
                    ok = false;
                    rep.error(Some(a.span()), field, "is empty");
                    continue;
                }
                if let Some(other) = aliases_seen.get(&norm) {
                    if *other != label {
                        ok = false;
                        rep.error(
                            Some(a.span()),
                            field,
                            format!("alias `{}` is also an alias of role `{other}`", a.get_ref()),
                        );
                        continue;
                    }
                }
                aliases_seen.insert(norm, label.clone());
                aliases.push(a.get_ref().trim().to_string());
            }
        }

        let mut attributes = Vec::new();
        match &r.attributes {
            None => {
                ok = false;
                rep.error(Some(whole.clone()), f("attributes"), "missing (required)");
            }
            Some(map) => {
                let mut given: BTreeMap<RoleAttribute, &Spanned<String>> = BTreeMap::new();
                for (key, value) in map.get_ref() {
                    let field = format!("{}.{}", f("attributes"), key.get_ref());
                    match RoleAttribute::from_key(key.get_ref()) {
                        None => {
                            ok = false;
                            let known: Vec<&str> =
                                RoleAttribute::ALL.iter().map(|a| a.key()).collect();
                            rep.error(
                                Some(key.span()),
                                field,
                                format!(
                                    "unknown attribute `{}` (known: {})",
                                    key.get_ref(),
                                    known.join(", ")
                                ),
                            );
                        }
                        Some(attr) => {
                            if value.get_ref().trim().is_empty() {
                                ok = false;
                                rep.error(
                                    Some(value.span()),
                                    field,
                                    "is empty (write \"Not stated in the source.\" when unknown)",
                                );
                            } else {
                                check_len(
                                    value,
                                    limits::EMBED_FIELD_VALUE,
                                    "an embed field",
                                    &field,
                                    rep,
                                );
                                given.insert(attr, value);
                            }
                        }
                    }
                }
                for attr in RoleAttribute::ALL {
                    match given.get(&attr) {
                        Some(v) => attributes.push((attr, v.get_ref().trim().to_string())),
                        None if map.get_ref().keys().any(|k| k.get_ref() == attr.key()) => {} // reported as empty above
                        None => {
                            ok = false;
                            rep.error(
                                Some(map.span()),
                                format!("{}.{}", f("attributes"), attr.key()),
                                "missing (every role needs every attribute)",
                            );
                        }
                    }
                }
            }
        }
        if ok {
            out.push(Role {
                id: label.clone(),
                name: name
                    .map(|n| n.get_ref().trim().to_string())
                    .unwrap_or_default(),
                aliases,
                attributes,
            });
        }
    }
    out
}

/// Warns when two entries (or one entry twice) share the same phrasing after normalisation.
fn duplicate_phrasings(corpus: &Corpus, out: &mut Vec<Diagnostic>) {
    let mut seen: HashMap<String, &str> = HashMap::new();
    for e in &corpus.entries {
        for p in e.phrasings() {
            let key = normalize_text(p);
            if key.is_empty() {
                continue;
            }
            match seen.get(key.as_str()) {
                Some(other) => out.push(Diagnostic {
                    severity: Severity::Warning,
                    file: e.file.clone(),
                    line: e.line,
                    column: 0,
                    field: format!("entry[{}]", e.id),
                    message: if *other == e.id {
                        format!("the phrasing \"{p}\" appears twice in this entry")
                    } else {
                        format!("the phrasing \"{p}\" is also a phrasing of entry `{other}`")
                    },
                }),
                None => {
                    seen.insert(key, &e.id);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kebab_case_accepts_words_and_digits() {
        assert!(is_kebab_case("mlt-salary-2023"));
        assert!(!is_kebab_case("MLT"));
        assert!(!is_kebab_case("a--b"));
        assert!(!is_kebab_case("-a"));
        assert!(!is_kebab_case(""));
    }

    #[test]
    fn every_toml_syntax_error_has_a_message() {
        for text in [
            "#\u{1c}9\t",
            "a = \"\u{1}\"",
            "[[entry]\n",
            "a = 1\na = 2",
            "= 3",
        ] {
            let e = toml::from_str::<toml::Value>(text).unwrap_err();
            let message = toml_message(&e);
            assert!(!message.trim().is_empty(), "{text:?}: {e}");
            assert!(!message.contains('\n'), "{message:?}");
        }
    }

    #[test]
    fn ids_are_found_in_a_file_toml_cannot_read() {
        let text = "[[entry]]\nid = \"mlt-salary\"\nquestion = oops\n  id=\"b\"\nidea = \"x\"\n";
        assert_eq!(scan_ids(text), ["mlt-salary", "b"]);
    }

    #[test]
    fn figures_are_money_and_percentages() {
        assert!(has_figure("about $57,380 a year"));
        assert!(has_figure("growth of 5% by 2032"));
        assert!(!has_figure("two years of study"));
    }
}
