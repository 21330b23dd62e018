//! `aspects.toml`: what members ask about (pay, length of study, certification…) and the cues that
//! say so. Parsed with spans like the other files, then validated into [`Aspect`]s.

use std::collections::{HashMap, HashSet};

use toml::Spanned;

use super::cue::{self, Cue};
use super::diagnostic::Reporter;
use super::fields::{label, required, unique_id};
use super::{Aspect, RoleAttribute};

/// Longest aspect name, in characters: it is said in a sentence ("the source does not state
/// {name} for …").
const MAX_NAME: usize = 100;

/// `faq/aspects.toml` as TOML gives it.
#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawAspectsFile {
    /// One `[[aspect]]` table each.
    #[serde(default)]
    pub aspect: Vec<Spanned<RawAspect>>,
}

/// One `[[aspect]]` table.
#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawAspect {
    pub id: Option<Spanned<String>>,
    pub name: Option<Spanned<String>>,
    pub attribute: Option<Spanned<String>>,
    pub cues: Option<Spanned<Vec<Spanned<String>>>>,
    pub compares: Option<Spanned<bool>>,
    pub broad: Option<Spanned<bool>>,
}

/// Validates the aspects: unique kebab-case ids, a name, a known role attribute if any, and cues
/// that parse and belong to one aspect only.
pub(super) fn aspects(raw: RawAspectsFile, rep: &mut Reporter<'_>) -> Vec<Aspect> {
    let mut out: Vec<Aspect> = Vec::new();
    // Normalised cue text → the aspect that has it.
    let mut cue_owner: HashMap<String, String> = HashMap::new();
    let mut ids: HashSet<String> = HashSet::new();
    if raw.aspect.is_empty() {
        rep.error(
            None,
            "aspect",
            "no [[aspect]] tables: the bot needs at least one aspect",
        );
    }
    for (n, spanned) in raw.aspect.iter().enumerate() {
        let whole = spanned.span();
        let a = spanned.get_ref();
        let label = label(&a.id, n);
        let f = |name: &str| format!("aspect[{label}].{name}");
        let mut ok = true;

        if unique_id(&a.id, whole.clone(), &f("id"), "aspect", &mut ids, rep).is_none() {
            ok = false;
        }
        let name = required(&a.name, whole.clone(), &f("name"), rep);
        if let Some(n) = name {
            if n.get_ref().chars().count() > MAX_NAME {
                ok = false;
                rep.error(
                    Some(n.span()),
                    f("name"),
                    format!("is over {MAX_NAME} characters"),
                );
            }
        } else {
            ok = false;
        }
        let attribute = match &a.attribute {
            None => None,
            Some(attr) => match RoleAttribute::from_key(attr.get_ref().trim()) {
                Some(found) => Some(found),
                None => {
                    ok = false;
                    let known: Vec<&str> = RoleAttribute::ALL.iter().map(|a| a.key()).collect();
                    rep.error(
                        Some(attr.span()),
                        f("attribute"),
                        format!(
                            "unknown role attribute `{}` (known: {})",
                            attr.get_ref(),
                            known.join(", ")
                        ),
                    );
                    None
                }
            },
        };
        let mut cues: Vec<Cue> = Vec::new();
        match &a.cues {
            None => {
                ok = false;
                rep.error(Some(whole.clone()), f("cues"), "missing (required)");
            }
            Some(list) if list.get_ref().is_empty() => {
                ok = false;
                rep.error(
                    Some(list.span()),
                    f("cues"),
                    "is empty: give at least one cue",
                );
            }
            Some(list) => {
                for (i, c) in list.get_ref().iter().enumerate() {
                    let field = format!("{}[{i}]", f("cues"));
                    match cue::parse(c.get_ref()) {
                        Err(message) => {
                            ok = false;
                            rep.error(
                                Some(c.span()),
                                field,
                                format!("`{}` {message}", c.get_ref()),
                            );
                        }
                        Ok(parsed) => {
                            let key = format!("{:?}", parsed.parts);
                            match cue_owner.get(&key) {
                                Some(owner) if *owner != label => {
                                    ok = false;
                                    rep.error(
                                        Some(c.span()),
                                        field,
                                        format!(
                                            "cue `{}` is also a cue of aspect `{owner}`",
                                            c.get_ref()
                                        ),
                                    );
                                }
                                Some(_) => rep.warning(
                                    Some(c.span()),
                                    field,
                                    format!("cue `{}` is listed twice", c.get_ref()),
                                ),
                                None => {
                                    cue_owner.insert(key, label.clone());
                                    cues.push(parsed);
                                }
                            }
                        }
                    }
                }
            }
        }
        if ok {
            let (line, _) = rep.lines.locate(whole.start);
            out.push(Aspect {
                id: label.clone(),
                name: name
                    .map(|n| n.get_ref().trim().to_string())
                    .unwrap_or_default(),
                attribute,
                cues,
                compares: a.compares.as_ref().is_some_and(|c| *c.get_ref()),
                broad: a.broad.as_ref().is_some_and(|b| *b.get_ref()),
                line,
            });
        }
    }
    out
}
