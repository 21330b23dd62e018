//! `FAQBOT__SECTION__KEY` variables. faqbot reads them itself rather than through the config
//! crate's environment source, so that each value is read as its setting's kind: one id, or ids
//! split by commas and spaces (`222`, `1,2`, `1, 2`, `[1, 2]`, `"1","2"`; empty for none) for
//! the id lists, a number for a threshold, and so on. A variable naming no known setting is an
//! error naming the nearest one.

use std::ffi::OsString;

use config::{Value, ValueKind};

use super::keys::{nearest, Kind};
use super::ConfigError;

/// What every faqbot variable starts with.
pub(super) const PREFIX: &str = "FAQBOT__";

/// The settings the `FAQBOT__…` variables among `vars` set: (dotted key, value), or the first
/// variable that names no known setting or holds a value its setting cannot take.
pub(super) fn overrides(
    vars: &[(OsString, OsString)],
    known: &[(String, Kind)],
) -> Result<Vec<(String, Value)>, ConfigError> {
    let mut out = Vec::new();
    for (name, value) in vars {
        let Some(name) = name.to_str() else {
            continue; // not UTF-8, so not one of ours
        };
        if !name.to_ascii_uppercase().starts_with(PREFIX) {
            continue;
        }
        let key = name[PREFIX.len()..].to_lowercase().replace("__", ".");
        let Some(&(_, kind)) = known.iter().find(|(k, _)| *k == key) else {
            return Err(ConfigError::UnknownVariable {
                name: name.to_string(),
                nearest: nearest(&key, known).map(variable),
            });
        };
        let bad = |message: String| ConfigError::BadValue {
            name: name.to_string(),
            message,
        };
        let value = value
            .to_str()
            .ok_or_else(|| bad("is not valid UTF-8".into()))?;
        let parsed = parse(kind, value).map_err(bad)?;
        out.push((key, Value::new(Some(&name.to_string()), parsed)));
    }
    Ok(out)
}

/// The variable that sets a dotted key: `discord.guild_ids` → `FAQBOT__DISCORD__GUILD_IDS`.
pub(super) fn variable(key: &str) -> String {
    format!("{PREFIX}{}", key.to_uppercase().replace('.', "__"))
}

/// A variable's text as a value of `kind`, or why it is not one.
fn parse(kind: Kind, text: &str) -> Result<ValueKind, String> {
    let trimmed = text.trim();
    Ok(match kind {
        Kind::Text => ValueKind::String(text.to_string()),
        Kind::Integer => ValueKind::I64(
            trimmed
                .parse()
                .map_err(|_| format!("`{text}` is not a whole number"))?,
        ),
        Kind::Number => ValueKind::Float(
            trimmed
                .parse()
                .map_err(|_| format!("`{text}` is not a number (e.g. 0.7)"))?,
        ),
        Kind::Flag => ValueKind::Boolean(match trimmed.to_ascii_lowercase().as_str() {
            "true" | "1" | "yes" | "on" => true,
            "false" | "0" | "no" | "off" => false,
            _ => return Err(format!("`{text}` is not true or false")),
        }),
        Kind::Ids => ValueKind::Array(
            ids(text)?
                .into_iter()
                .map(|id| Value::new(None, ValueKind::U64(id)))
                .collect(),
        ),
    })
}

/// Discord ids written the ways a person writes a list in one variable: one id, ids split by
/// commas and/or spaces, in brackets or not, quoted or not; nothing (or `[]`) for none.
pub(super) fn ids(text: &str) -> Result<Vec<u64>, String> {
    let trimmed = text.trim();
    let inner = trimmed
        .strip_prefix('[')
        .and_then(|s| s.strip_suffix(']'))
        .unwrap_or(trimmed);
    inner
        .split(|c: char| c == ',' || c.is_whitespace())
        .map(|item| item.trim_matches(|c| c == '"' || c == '\''))
        .filter(|item| !item.is_empty())
        .map(|item| {
            item.parse::<u64>().map_err(|_| {
                format!(
                    "`{item}` is not a Discord id (ids are numbers, e.g. 222222222222222222; \
                     several are split by commas)"
                )
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_id_several_ids_and_none_are_read_however_they_are_written() {
        let cases: &[(&str, &[u64])] = &[
            ("222222222222222222", &[222222222222222222]),
            ("1,2", &[1, 2]),
            ("1, 2", &[1, 2]),
            (" 1 ,2 ,", &[1, 2]),
            ("1 2", &[1, 2]),
            ("[1, 2]", &[1, 2]),
            ("[\"1\", \"2\"]", &[1, 2]),
            ("'1','2'", &[1, 2]),
            ("\"222\"", &[222]),
            ("", &[]),
            ("  ", &[]),
            ("[]", &[]),
        ];
        for (text, want) in cases {
            assert_eq!(ids(text).as_deref(), Ok(*want), "{text:?}");
        }
    }

    #[test]
    fn a_word_in_an_id_list_is_refused_with_the_word() {
        let err = ids("123, general").unwrap_err();
        assert!(err.contains("`general` is not a Discord id"), "{err}");
        assert!(ids("-5").is_err());
    }

    #[test]
    fn variables_are_named_after_their_key() {
        assert_eq!(variable("discord.guild_ids"), "FAQBOT__DISCORD__GUILD_IDS");
    }
}
