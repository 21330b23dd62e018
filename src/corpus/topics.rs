//! Topic files (`faq/education.toml`, …): a `topic` title and `[[entry]]` tables, each checked
//! field by field into an [`Entry`].

use std::collections::HashMap;
use std::ops::Range;
use std::path::PathBuf;

use toml::Spanned;

use super::diagnostic::{Diagnostic, Reporter, Severity};
use super::fields::{check_len, is_kebab_case, label, required, TextLimits};
use super::raw::{RawEntry, RawTopicFile};
use super::references::{id_list, Pending, Reference};
use super::{Corpus, Entry, Topic};
use crate::text::normalize::normalize_text;

/// Fewest alternates an entry may have.
const MIN_ALTERNATES: usize = 3;

/// Where each entry id was first defined (file, line), to point a duplicate at the original.
pub(super) type FirstSeen = HashMap<String, (PathBuf, usize)>;

/// What checking one topic file needs besides the file: the limits, and the state shared with
/// the other files (ids seen so far, references to check at the end).
pub(super) struct TopicContext<'a> {
    pub(super) limits: &'a TextLimits,
    pub(super) first_seen: &'a mut FirstSeen,
    pub(super) pending: &'a mut Pending,
}

/// Checks one topic file (`stem` is its file name without `.toml`): the topic and its valid
/// entries. Invalid entries are left out, with every error reported.
pub(super) fn topic(
    stem: &str,
    raw: RawTopicFile,
    rep: &mut Reporter<'_>,
    cx: &mut TopicContext<'_>,
) -> (Topic, Vec<Entry>) {
    let title = match &raw.topic {
        Some(t) if !t.get_ref().trim().is_empty() => {
            check_len(t, cx.limits.topic_title, "topic", rep);
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
    let entries: Vec<Entry> = raw
        .entry
        .iter()
        .enumerate()
        .filter_map(|(n, e)| entry(stem, n, e, rep, cx))
        .collect();
    let topic = Topic {
        id: stem.to_string(),
        title,
        entry_ids: entries.iter().map(|e| e.id.clone()).collect(),
    };
    (topic, entries)
}

/// The `n`-th (0-based) `[[entry]]` table, or `None` when it has an error.
fn entry(
    stem: &str,
    n: usize,
    spanned: &Spanned<RawEntry>,
    rep: &mut Reporter<'_>,
    cx: &mut TopicContext<'_>,
) -> Option<Entry> {
    let whole = spanned.span();
    let e = spanned.get_ref();
    let label = label(&e.id, n);
    let f = |name: &str| format!("entry[{label}].{name}");
    let limits = cx.limits;

    let id = entry_id(e, whole.clone(), &f("id"), rep, cx.first_seen);
    let question = required(&e.question, whole.clone(), &f("question"), rep);
    if let Some(q) = question {
        check_len(q, limits.question, &f("question"), rep);
    }
    let answer = required(&e.answer, whole.clone(), &f("answer"), rep);
    if let Some(a) = answer {
        answer_length(a, limits, &f("answer"), rep);
    }
    let source = source(e, answer, limits, &f("source"), rep);
    let alternates = alternates(e, whole.clone(), limits, &f("alternates"), rep);
    let related = related(e, &f("related"), rep, cx.pending);
    let roles = id_list(&e.roles, &f("roles"), rep, &mut cx.pending.roles);
    let aspects = id_list(&e.aspects, &f("aspects"), rep, &mut cx.pending.aspects);

    let (line, _) = rep.lines.locate(whole.start);
    Some(Entry {
        id: id?,
        topic: stem.to_string(),
        question: question?.get_ref().trim().to_string(),
        alternates: alternates?,
        answer: answer?.get_ref().trim().to_string(),
        source: source?,
        related: related?,
        roles,
        aspects,
        file: rep.file.to_path_buf(),
        line,
    })
}

/// The entry's id: present, kebab-case and not used by an earlier entry.
fn entry_id(
    e: &RawEntry,
    whole: Range<usize>,
    field: &str,
    rep: &mut Reporter<'_>,
    first_seen: &mut FirstSeen,
) -> Option<String> {
    let id = required(&e.id, whole, field, rep)?;
    let text = id.get_ref().trim();
    let mut ok = true;
    if !is_kebab_case(text) {
        ok = false;
        rep.error(
            Some(id.span()),
            field,
            format!("`{text}` is not kebab-case (lowercase letters and digits joined by '-')"),
        );
    }
    let (line, _) = rep.lines.locate(id.span().start);
    if let Some((file, first_line)) = first_seen.get(text) {
        ok = false;
        rep.error(
            Some(id.span()),
            field,
            format!(
                "duplicate id `{text}` (first defined at {}:{first_line})",
                file.display()
            ),
        );
    } else {
        first_seen.insert(text.to_string(), (rep.file.to_path_buf(), line));
    }
    ok.then(|| text.to_string())
}

/// An answer over the hard limit is an error; over the soft one, a warning.
fn answer_length(a: &Spanned<String>, limits: &TextLimits, field: &str, rep: &mut Reporter<'_>) {
    check_len(a, limits.answer, field, rep);
    let len = a.get_ref().trim().chars().count();
    if len > limits.answer_soft && len <= limits.answer.max {
        rep.warning(
            Some(a.span()),
            field,
            format!(
                "is {len} characters; answers read best under {}",
                limits.answer_soft
            ),
        );
    }
}

/// The entry's `source`: `Some(None)` when it has none (allowed unless the answer gives a
/// figure), `None` when it is wrong.
fn source(
    e: &RawEntry,
    answer: Option<&Spanned<String>>,
    limits: &TextLimits,
    field: &str,
    rep: &mut Reporter<'_>,
) -> Option<Option<String>> {
    match &e.source {
        Some(s) if s.get_ref().trim().is_empty() => {
            rep.error(
                Some(s.span()),
                field,
                "is empty (remove the key or fill it in)",
            );
            None
        }
        Some(s) => {
            check_len(s, limits.source, field, rep);
            Some(Some(s.get_ref().trim().to_string()))
        }
        None => match answer {
            Some(a) if has_figure(a.get_ref()) => {
                rep.error(
                    Some(a.span()),
                    field,
                    "the answer gives a figure ($ or %) but the entry has no `source`",
                );
                None
            }
            _ => Some(None),
        },
    }
}

/// The entry's alternates: at least [`MIN_ALTERNATES`], none blank.
fn alternates(
    e: &RawEntry,
    whole: Range<usize>,
    limits: &TextLimits,
    field: &str,
    rep: &mut Reporter<'_>,
) -> Option<Vec<String>> {
    let Some(list) = &e.alternates else {
        rep.error(Some(whole), field, "missing (required)");
        return None;
    };
    let mut ok = true;
    let mut out = Vec::new();
    for (i, alt) in list.get_ref().iter().enumerate() {
        if alt.get_ref().trim().is_empty() {
            ok = false;
            rep.error(Some(alt.span()), format!("{field}[{i}]"), "is empty");
        } else {
            check_len(alt, limits.alternate, field, rep);
            out.push(alt.get_ref().trim().to_string());
        }
    }
    let count = list.get_ref().len();
    if count < MIN_ALTERNATES {
        ok = false;
        rep.error(
            Some(list.span()),
            field,
            format!(
                "has {count} phrasing(s); give at least {MIN_ALTERNATES} other ways members ask it"
            ),
        );
    }
    ok.then_some(out)
}

/// The entry's `related` ids (checked against every entry once all files are read).
fn related(
    e: &RawEntry,
    field: &str,
    rep: &mut Reporter<'_>,
    pending: &mut Pending,
) -> Option<Vec<String>> {
    let own_id = e.id.as_ref().map(|id| id.get_ref().trim());
    let mut ok = true;
    let mut out = Vec::new();
    let Some(list) = &e.related else {
        return Some(out);
    };
    for (i, r) in list.get_ref().iter().enumerate() {
        let target = r.get_ref().trim().to_string();
        let item = format!("{field}[{i}]");
        if target.is_empty() {
            ok = false;
            rep.error(Some(r.span()), item, "is empty");
            continue;
        }
        if Some(target.as_str()) == own_id {
            ok = false;
            rep.error(Some(r.span()), item, "an entry cannot be related to itself");
            continue;
        }
        pending
            .related
            .push(Reference::new(rep, r.span().start, item, &target));
        out.push(target);
    }
    ok.then_some(out)
}

/// True when the text gives a figure that needs a source: an amount of money or a percentage.
fn has_figure(text: &str) -> bool {
    let chars: Vec<char> = text.chars().collect();
    chars
        .windows(2)
        .any(|w| (w[0] == '$' && w[1].is_ascii_digit()) || (w[0].is_ascii_digit() && w[1] == '%'))
}

/// Warns when two entries (or one entry twice) share the same phrasing after normalisation.
pub(super) fn duplicate_phrasings(corpus: &Corpus, out: &mut Vec<Diagnostic>) {
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
    fn figures_are_money_and_percentages() {
        assert!(has_figure("about $57,380 a year"));
        assert!(has_figure("growth of 5% by 2032"));
        assert!(!has_figure("two years of study"));
    }
}
