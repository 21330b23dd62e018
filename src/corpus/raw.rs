//! The FAQ files exactly as TOML gives them, with the byte span of every value.
//!
//! Nothing here is checked beyond TOML syntax and field types; the checks of each file kind
//! (`topics`, `roles`, `aspects`, `synonyms`) turn these into the validated [`super::Corpus`].

use std::collections::BTreeMap;
use toml::Spanned;

/// A topic file such as `faq/education.toml`.
#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawTopicFile {
    /// Human title of the topic, shown by `/faq topics`.
    pub topic: Option<Spanned<String>>,
    /// The entries, one `[[entry]]` table each.
    #[serde(default)]
    pub entry: Vec<Spanned<RawEntry>>,
}

/// One `[[entry]]` table.
#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawEntry {
    pub id: Option<Spanned<String>>,
    pub question: Option<Spanned<String>>,
    pub alternates: Option<Spanned<Vec<Spanned<String>>>>,
    pub answer: Option<Spanned<String>>,
    pub source: Option<Spanned<String>>,
    pub related: Option<Spanned<Vec<Spanned<String>>>>,
    /// Role ids the entry is about, when reading them from its phrasings gets it wrong.
    pub roles: Option<Spanned<Vec<Spanned<String>>>>,
    /// Aspect ids the entry answers, when reading them from its phrasings gets it wrong.
    pub aspects: Option<Spanned<Vec<Spanned<String>>>>,
}

/// `faq/roles.toml`.
#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawRolesFile {
    #[serde(default)]
    pub role: Vec<Spanned<RawRole>>,
}

/// One `[[role]]` table.
#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawRole {
    pub id: Option<Spanned<String>>,
    pub name: Option<Spanned<String>>,
    pub aliases: Option<Spanned<Vec<Spanned<String>>>>,
    /// Attribute name → text. Names are checked against the known attributes by validation.
    pub attributes: Option<Spanned<BTreeMap<Spanned<String>, Spanned<String>>>>,
}

/// `faq/synonyms.toml`.
#[derive(Debug, Default, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSynonymsFile {
    /// Canonical phrase → variants that members write instead.
    #[serde(default)]
    pub synonyms: BTreeMap<Spanned<String>, Spanned<Vec<Spanned<String>>>>,
    /// Words that mark a question as belonging to another field.
    pub off_topic: Option<RawOffTopic>,
    /// Words before a role that say it is not what is asked about.
    pub exclusion: Option<RawExclusion>,
    /// Abbreviations that are also other words or places, and when they are.
    #[serde(default)]
    pub ambiguous: Vec<RawAmbiguity>,
    /// Words that on their own name no topic.
    pub generic: Option<RawGeneric>,
}

/// The `[off_topic]` table.
#[derive(Debug, Default, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawOffTopic {
    #[serde(default)]
    pub words: Vec<Spanned<String>>,
    /// Nouns for a job or a credential: an unknown word right before one names another field.
    #[serde(default)]
    pub job_nouns: Vec<Spanned<String>>,
    /// Words before a job noun that describe rather than name a field ("older techs").
    #[serde(default)]
    pub modifiers: Vec<Spanned<String>>,
}

/// The `[exclusion]` table.
#[derive(Debug, Default, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawExclusion {
    #[serde(default)]
    pub cues: Vec<Spanned<String>>,
    /// Phrases right before an aspect's cue that say it is not what is asked ("aside from").
    #[serde(default)]
    pub aspect_cues: Vec<Spanned<String>>,
}

/// One `[[ambiguous]]` table.
#[derive(Debug, Default, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawAmbiguity {
    #[serde(default)]
    pub words: Vec<Spanned<String>>,
    #[serde(default)]
    pub not_after: Vec<Spanned<String>>,
    #[serde(default)]
    pub unless_followed_by: Vec<Spanned<String>>,
    pub means: Option<Spanned<String>>,
}

/// The `[generic]` table.
#[derive(Debug, Default, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawGeneric {
    #[serde(default)]
    pub words: Vec<Spanned<String>>,
}
