//! Field checks shared by every kind of FAQ file (topics, roles, aspects, synonyms): required
//! text, text length limits and ids.

use std::collections::HashSet;
use std::ops::Range;

use toml::Spanned;

use super::diagnostic::Reporter;

/// The longest text one field may have, and where it is shown (for the message).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limit {
    /// Most characters (Unicode scalar values).
    pub max: usize,
    /// Where the text is shown, as the error names it: "a Discord embed title".
    pub shown_in: &'static str,
}

/// The longest text each FAQ field may have. The corpus knows no transport: whoever loads the
/// FAQ passes the limits of where it is shown ([`crate::limits::FAQ_TEXT`] for Discord).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TextLimits {
    /// An entry's question (the answer's title).
    pub question: Limit,
    /// Each alternate phrasing (shown as a title when it is picked).
    pub alternate: Limit,
    /// An answer.
    pub answer: Limit,
    /// The length answers should stay under: a warning past it, not an error.
    pub answer_soft: usize,
    /// An entry's `source` (shown under the answer).
    pub source: Limit,
    /// A topic file's `topic` title.
    pub topic_title: Limit,
    /// A role's `name`.
    pub role_name: Limit,
    /// Each role attribute's text.
    pub role_attribute: Limit,
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

/// The trimmed id of a raw entry, role or aspect, if it has one.
pub(super) fn declared(id: &Option<Spanned<String>>) -> Option<String> {
    id.as_ref()
        .map(|id| id.get_ref().trim().to_string())
        .filter(|id| !id.is_empty())
}

/// How diagnostics name the `n`-th (0-based) table of a file: its id, or `#n+1` without one.
pub(super) fn label(id: &Option<Spanned<String>>, n: usize) -> String {
    declared(id).unwrap_or_else(|| format!("#{}", n + 1))
}

/// A text field that must be present and not blank. `whole` is the span of its table, where a
/// missing field is reported.
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

/// The id of a `[[role]]` or `[[aspect]]` table (`what`): present, kebab-case and not the id of
/// an earlier table of the file (`seen`, which it joins). `None`, reported, otherwise.
pub(super) fn unique_id(
    value: &Option<Spanned<String>>,
    whole: Range<usize>,
    field: &str,
    what: &str,
    seen: &mut HashSet<String>,
    rep: &mut Reporter<'_>,
) -> Option<String> {
    let id = required(value, whole, field, rep)?;
    let text = id.get_ref().trim();
    if !is_kebab_case(text) {
        rep.error(
            Some(id.span()),
            field,
            format!("`{text}` is not kebab-case"),
        );
        return None;
    }
    if !seen.insert(text.to_string()) {
        rep.error(
            Some(id.span()),
            field,
            format!("duplicate {what} id `{text}`"),
        );
        return None;
    }
    Some(text.to_string())
}

/// Reports a text longer than `limit`.
pub(super) fn check_len(
    value: &Spanned<String>,
    limit: Limit,
    field: &str,
    rep: &mut Reporter<'_>,
) {
    let len = value.get_ref().chars().count();
    if len > limit.max {
        rep.error(
            Some(value.span()),
            field,
            format!(
                "is {len} characters; at most {} fit in {}",
                limit.max, limit.shown_in
            ),
        );
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
}
