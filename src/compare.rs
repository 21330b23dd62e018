//! Two role profiles side by side, attribute by attribute.

use crate::corpus::{Corpus, Role, RoleAttribute};

/// Two roles lined up for display.
#[derive(Debug, Clone)]
pub struct Comparison<'a> {
    /// The first role asked for.
    pub left: &'a Role,
    /// The second role asked for.
    pub right: &'a Role,
    /// One row per attribute, in display order.
    pub rows: Vec<Row<'a>>,
}

/// One attribute of both roles.
#[derive(Debug, Clone, PartialEq)]
pub struct Row<'a> {
    /// Which attribute.
    pub attribute: RoleAttribute,
    /// The first role's text.
    pub left: &'a str,
    /// The second role's text.
    pub right: &'a str,
}

/// Why two roles could not be compared.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum CompareError {
    /// A name matched no role.
    #[error("no role called \"{name}\"; known roles: {}", .known.join(", "))]
    UnknownRole {
        /// The name given.
        name: String,
        /// Ids of the known roles.
        known: Vec<String>,
    },
    /// Both names are the same role.
    #[error("both names are the same role ({0}); pick two different roles to compare")]
    SameRole(String),
}

/// Looks both roles up (by id, name or alias) and lines them up.
pub fn compare<'a>(
    corpus: &'a Corpus,
    first: &str,
    second: &str,
) -> Result<Comparison<'a>, CompareError> {
    let find = |name: &str| {
        corpus.role(name).ok_or_else(|| CompareError::UnknownRole {
            name: name.to_string(),
            known: corpus.roles.iter().map(|r| r.id.clone()).collect(),
        })
    };
    let left = find(first)?;
    let right = find(second)?;
    if left.id == right.id {
        return Err(CompareError::SameRole(left.name.clone()));
    }
    let rows = RoleAttribute::ALL
        .into_iter()
        .map(|attribute| Row {
            attribute,
            left: left.attribute(attribute),
            right: right.attribute(attribute),
        })
        .collect();
    Ok(Comparison { left, right, rows })
}
