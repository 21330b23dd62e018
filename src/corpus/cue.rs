//! The small pattern language of aspect cues in `aspects.toml`.
//!
//! A cue is words with three placeholders, written with spaces between them:
//! - `...`: up to [`MAX_GAP`] words of anything ("how much ... make");
//! - `{role}`: one of the roles of `roles.toml` ("what is {role} $");
//! - `$`: the end of the sentence.
//!
//! Parsing only checks the shape; the matcher applies synonyms to the words and does the matching.

use crate::text::normalize::tokenize;

/// Most words a `...` stands for.
pub const MAX_GAP: usize = 4;

/// One piece of a cue.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CuePart {
    /// Words that must follow each other, normalised like a question ("How much" → `["how", "much"]`).
    Words(Vec<String>),
    /// `...`: zero to [`MAX_GAP`] words.
    Gap,
    /// `{role}`: a mention of one of the FAQ's roles.
    Role,
    /// `$`: the end of the sentence.
    End,
}

/// A parsed cue: at least one run of words, placeholders never first (except `{role}`), `$` only last.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cue {
    /// The cue as written, for messages.
    pub text: String,
    /// Its pieces, in order.
    pub parts: Vec<CuePart>,
}

/// Parses one cue. Errors say what is wrong in a moderator's terms.
///
/// ```
/// use faqbot::corpus::cue::{parse, CuePart};
/// let cue = parse("How much ... make").unwrap();
/// assert_eq!(cue.parts[1], CuePart::Gap);
/// assert!(parse("... make").is_err());
/// ```
pub fn parse(text: &str) -> Result<Cue, String> {
    let mut parts: Vec<CuePart> = Vec::new();
    let mut run: Vec<String> = Vec::new();
    for token in text.split_whitespace() {
        let placeholder = match token {
            "..." | "…" => Some(CuePart::Gap),
            "{role}" => Some(CuePart::Role),
            "$" => Some(CuePart::End),
            t if t.starts_with('{') || t.ends_with('}') => {
                return Err(format!(
                    "`{t}` is not a placeholder (the only one in braces is {{role}})"
                ))
            }
            _ => None,
        };
        match placeholder {
            Some(p) => {
                if !run.is_empty() {
                    parts.push(CuePart::Words(std::mem::take(&mut run)));
                }
                parts.push(p);
            }
            None => run.extend(tokenize(token)),
        }
    }
    if !run.is_empty() {
        parts.push(CuePart::Words(run));
    }
    if !parts.iter().any(|p| matches!(p, CuePart::Words(_))) {
        return Err("has no words (a cue needs at least one word)".into());
    }
    if matches!(parts.first(), Some(CuePart::Gap | CuePart::End)) {
        return Err("cannot start with `...` or `$`".into());
    }
    if matches!(parts.last(), Some(CuePart::Gap)) {
        return Err("cannot end with `...`".into());
    }
    if let Some(i) = parts.iter().position(|p| *p == CuePart::End) {
        if i + 1 != parts.len() {
            return Err("`$` (end of sentence) must come last".into());
        }
    }
    if parts
        .windows(2)
        .any(|w| w[0] == CuePart::Gap && matches!(w[1], CuePart::Gap | CuePart::End))
    {
        return Err("`...` must be followed by words or {role}".into());
    }
    Ok(Cue {
        text: text.trim().to_string(),
        parts,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_gaps_roles_and_ends() {
        let cue = parse("what is {role} $").unwrap();
        assert_eq!(
            cue.parts,
            vec![
                CuePart::Words(vec!["what".into(), "is".into()]),
                CuePart::Role,
                CuePart::End
            ]
        );
        let cue = parse("How much ... make").unwrap();
        assert_eq!(cue.parts.len(), 3);
    }

    #[test]
    fn misplaced_placeholders_are_errors() {
        for bad in [
            "...",
            "$",
            "... make",
            "make ...",
            "what $ is",
            "{rol} pay",
            "how ... $",
            "",
        ] {
            assert!(parse(bad).is_err(), "{bad:?} parsed");
        }
    }
}
