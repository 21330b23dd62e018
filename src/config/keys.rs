//! The settings faqbot knows: every key of the compiled-in `config/default.toml` (each with the
//! kind of value it takes), plus the few that have no default there. A key in a config file or
//! a `FAQBOT__…` variable that is not one of them is a mistake (a typo, a renamed setting) and
//! refused, naming the nearest known key, instead of being silently ignored.

use config::{Map, Value, ValueKind};

/// The kind of value a setting takes, as given in `config/default.toml`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    /// Text.
    Text,
    /// A whole number.
    Integer,
    /// A number.
    Number,
    /// `true` or `false`.
    Flag,
    /// A list of Discord ids.
    Ids,
}

/// Settings without a line of their own in `config/default.toml`: the token (never written
/// there) and the parts of the `{ total, first, last }` form of `discord.shards`.
const WITHOUT_DEFAULT: &[(&str, Kind)] = &[
    ("discord.token", Kind::Text),
    ("discord.shards.total", Kind::Integer),
    ("discord.shards.first", Kind::Integer),
    ("discord.shards.last", Kind::Integer),
];

/// Every known key (dotted, lowercase) with its kind, read from the defaults.
pub(super) fn known(defaults: &Map<String, Value>) -> Vec<(String, Kind)> {
    let mut out: Vec<(String, Kind)> = leaves(defaults)
        .into_iter()
        .map(|(key, value)| {
            let kind = match value.kind {
                ValueKind::Boolean(_) => Kind::Flag,
                ValueKind::I64(_) | ValueKind::I128(_) | ValueKind::U64(_) | ValueKind::U128(_) => {
                    Kind::Integer
                }
                ValueKind::Float(_) => Kind::Number,
                ValueKind::Array(_) => Kind::Ids,
                _ => Kind::Text,
            };
            (key, kind)
        })
        .collect();
    out.extend(
        WITHOUT_DEFAULT
            .iter()
            .map(|&(k, kind)| (k.to_string(), kind)),
    );
    out
}

/// Every leaf of a config tree as (dotted key, value); tables are walked into, everything else
/// (lists too) is a leaf.
pub(super) fn leaves(table: &Map<String, Value>) -> Vec<(String, Value)> {
    let mut out = Vec::new();
    for (key, value) in table {
        match &value.kind {
            ValueKind::Table(inner) => {
                for (sub, v) in leaves(inner) {
                    out.push((format!("{key}.{sub}"), v));
                }
            }
            _ => out.push((key.clone(), value.clone())),
        }
    }
    out
}

/// The known key closest to `key` (fewest edits), to suggest in an error.
pub(super) fn nearest<'a>(key: &str, known: &'a [(String, Kind)]) -> Option<&'a str> {
    known
        .iter()
        .map(|(k, _)| (strsim::levenshtein(key, k), k.as_str()))
        .min()
        .map(|(_, k)| k)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_nearest_key_of_a_typo_is_the_key_meant() {
        let known = vec![
            ("discord.guild_ids".to_string(), Kind::Ids),
            ("discord.audit_channel".to_string(), Kind::Integer),
            ("matching.answer".to_string(), Kind::Number),
        ];
        assert_eq!(
            nearest("discord.guild_id", &known),
            Some("discord.guild_ids")
        );
        assert_eq!(nearest("matching.anser", &known), Some("matching.answer"));
    }
}
