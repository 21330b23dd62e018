//! `roles.toml`: one `[[role]]` per role with its name, aliases and every attribute of its
//! profile, checked into [`Role`]s.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::ops::Range;

use toml::Spanned;

use super::diagnostic::Reporter;
use super::fields::{check_len, label, required, unique_id, TextLimits};
use super::raw::{RawRole, RawRolesFile};
use super::{Role, RoleAttribute};
use crate::text::normalize::normalize_text;

/// The valid roles of the file; every problem is reported and the role left out.
pub(super) fn roles(raw: RawRolesFile, limits: &TextLimits, rep: &mut Reporter<'_>) -> Vec<Role> {
    let mut out = Vec::new();
    let mut ids: HashSet<String> = HashSet::new();
    // Normalised alias → the role that has it.
    let mut aliases_seen: HashMap<String, String> = HashMap::new();
    for (n, spanned) in raw.role.iter().enumerate() {
        let whole = spanned.span();
        let r = spanned.get_ref();
        let label = label(&r.id, n);
        let f = |name: &str| format!("role[{label}].{name}");
        let mut ok = true;

        if unique_id(&r.id, whole.clone(), &f("id"), "role", &mut ids, rep).is_none() {
            ok = false;
        }
        let name = required(&r.name, whole.clone(), &f("name"), rep);
        match name {
            Some(n) => check_len(n, limits.role_name, &f("name"), rep),
            None => ok = false,
        }
        let aliases = aliases(r, &label, &f("aliases"), rep, &mut aliases_seen);
        let attributes = attributes(r, whole, limits, &f("attributes"), rep);
        if let (true, Some(name), Some(aliases), Some(attributes)) = (ok, name, aliases, attributes)
        {
            out.push(Role {
                id: label.clone(),
                name: name.get_ref().trim().to_string(),
                aliases,
                attributes,
            });
        }
    }
    out
}

/// The role's aliases, none blank and none another role's.
fn aliases(
    r: &RawRole,
    label: &str,
    field: &str,
    rep: &mut Reporter<'_>,
    seen: &mut HashMap<String, String>,
) -> Option<Vec<String>> {
    let mut ok = true;
    let mut out = Vec::new();
    let Some(list) = &r.aliases else {
        return Some(out);
    };
    for (i, a) in list.get_ref().iter().enumerate() {
        let norm = normalize_text(a.get_ref());
        let item = format!("{field}[{i}]");
        if norm.is_empty() {
            ok = false;
            rep.error(Some(a.span()), item, "is empty");
            continue;
        }
        if let Some(other) = seen.get(&norm) {
            if other != label {
                ok = false;
                rep.error(
                    Some(a.span()),
                    item,
                    format!("alias `{}` is also an alias of role `{other}`", a.get_ref()),
                );
                continue;
            }
        }
        seen.insert(norm, label.to_string());
        out.push(a.get_ref().trim().to_string());
    }
    ok.then_some(out)
}

/// Every attribute of [`RoleAttribute::ALL`], in that order; unknown, missing or blank ones are
/// errors.
fn attributes(
    r: &RawRole,
    whole: Range<usize>,
    limits: &TextLimits,
    field: &str,
    rep: &mut Reporter<'_>,
) -> Option<Vec<(RoleAttribute, String)>> {
    let Some(map) = &r.attributes else {
        rep.error(Some(whole), field, "missing (required)");
        return None;
    };
    let mut ok = true;
    let mut given: BTreeMap<RoleAttribute, &Spanned<String>> = BTreeMap::new();
    for (key, value) in map.get_ref() {
        let item = format!("{field}.{}", key.get_ref());
        let Some(attr) = RoleAttribute::from_key(key.get_ref()) else {
            ok = false;
            let known: Vec<&str> = RoleAttribute::ALL.iter().map(|a| a.key()).collect();
            rep.error(
                Some(key.span()),
                item,
                format!(
                    "unknown attribute `{}` (known: {})",
                    key.get_ref(),
                    known.join(", ")
                ),
            );
            continue;
        };
        if value.get_ref().trim().is_empty() {
            ok = false;
            rep.error(
                Some(value.span()),
                item,
                "is empty (write \"Not stated in the source.\" when unknown)",
            );
        } else {
            check_len(value, limits.role_attribute, &item, rep);
            given.insert(attr, value);
        }
    }
    let mut out = Vec::new();
    for attr in RoleAttribute::ALL {
        match given.get(&attr) {
            Some(v) => out.push((attr, v.get_ref().trim().to_string())),
            // Given but blank: reported above.
            None if map.get_ref().keys().any(|k| k.get_ref() == attr.key()) => {}
            None => {
                ok = false;
                rep.error(
                    Some(map.span()),
                    format!("{field}.{}", attr.key()),
                    "missing (every role needs every attribute)",
                );
            }
        }
    }
    ok.then_some(out)
}
