//! `synonyms.toml`: rewrites (abbreviations, slang, typos), the words that mark another field, and
//! the other word lists that say how a question is read (exclusions, places, generic words).

use std::collections::HashMap;

use toml::Spanned;

use super::diagnostic::Reporter;
use super::raw::RawSynonymsFile;
use super::{Ambiguity, Synonyms};
use crate::text::normalize::tokenize;

/// Validates the file: every variant belongs to one canonical form, every listed word is one word.
pub(super) fn synonyms(raw: RawSynonymsFile, rep: &mut Reporter<'_>) -> Synonyms {
    let mut out = Synonyms::default();
    let mut seen: HashMap<Vec<String>, String> = HashMap::new();
    for (canonical, variants) in &raw.synonyms {
        let canon_tokens = tokenize(canonical.get_ref());
        let field = format!("synonyms.\"{}\"", canonical.get_ref());
        if canon_tokens.is_empty() {
            rep.error(Some(canonical.span()), field, "the canonical form is empty");
            continue;
        }
        for v in variants.get_ref() {
            let tokens = tokenize(v.get_ref());
            if tokens.is_empty() {
                rep.error(Some(v.span()), field.clone(), "a variant is empty");
                continue;
            }
            if tokens == canon_tokens {
                rep.warning(
                    Some(v.span()),
                    field.clone(),
                    "variant is the same as its canonical form",
                );
                continue;
            }
            if let Some(other) = seen.get(&tokens) {
                rep.error(
                    Some(v.span()),
                    field.clone(),
                    format!(
                        "variant `{}` is already a variant of \"{other}\"",
                        v.get_ref()
                    ),
                );
                continue;
            }
            seen.insert(tokens.clone(), canonical.get_ref().clone());
            out.rewrites.push((tokens, canon_tokens.clone()));
        }
    }
    if let Some(off) = &raw.off_topic {
        out.off_topic = single_words(&off.words, "off_topic.words", rep);
        out.job_nouns = single_words(&off.job_nouns, "off_topic.job_nouns", rep);
        out.modifiers = single_words(&off.modifiers, "off_topic.modifiers", rep);
    }
    if let Some(ex) = &raw.exclusion {
        out.exclusion_cues = phrases(&ex.cues, "exclusion.cues", rep);
        out.aspect_exclusion_cues = phrases(&ex.aspect_cues, "exclusion.aspect_cues", rep);
    }
    for (i, a) in raw.ambiguous.iter().enumerate() {
        let field = |name: &str| format!("ambiguous[{i}].{name}");
        out.ambiguous.push(Ambiguity {
            words: single_words(&a.words, &field("words"), rep),
            not_after: phrases(&a.not_after, &field("not_after"), rep),
            unless_followed_by: single_words(
                &a.unless_followed_by,
                &field("unless_followed_by"),
                rep,
            ),
            means: a
                .means
                .as_ref()
                .map(|m| tokenize(m.get_ref()))
                .unwrap_or_default(),
        });
    }
    if let Some(generic) = &raw.generic {
        out.generic = single_words(&generic.words, "generic.words", rep);
    }
    out
}

/// A list whose items must each be one word.
fn single_words(list: &[Spanned<String>], field: &str, rep: &mut Reporter<'_>) -> Vec<String> {
    let mut out = Vec::new();
    for w in list {
        let tokens = tokenize(w.get_ref());
        if tokens.len() != 1 {
            rep.error(
                Some(w.span()),
                field,
                format!("`{}` must be one word", w.get_ref()),
            );
            continue;
        }
        out.push(tokens[0].clone());
    }
    out
}

/// A list of phrases of one or more words each.
fn phrases(list: &[Spanned<String>], field: &str, rep: &mut Reporter<'_>) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    for p in list {
        let tokens = tokenize(p.get_ref());
        if tokens.is_empty() {
            rep.error(Some(p.span()), field, "a phrase is empty");
            continue;
        }
        out.push(tokens);
    }
    out
}
