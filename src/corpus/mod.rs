//! The FAQ corpus: topic files, role profiles and synonyms, loaded from a folder and validated.
//!
//! Loading is two steps, so a broken file never yields a half-built corpus: [`raw`] parses TOML
//! (keeping every value's position), then each kind of file is checked into its part of the
//! [`Corpus`]: topic files ([`topics`]), `roles.toml` ([`roles`]), `aspects.toml` ([`aspects`])
//! and `synonyms.toml` ([`synonyms`]), with the checks they share in [`fields`]. [`load`] reads
//! the folder (which files count: [`files`]) and checks what spans files ([`references`]).
//! [`load_dir`] returns either a complete corpus or every problem found.
//!
//! This is the first step of loading a FAQ; [`crate::faq::load`] runs all of them.

mod aspects;
pub mod cue;
pub mod diagnostic;
mod fields;
mod files;
mod load;
pub mod raw;
mod references;
mod roles;
mod synonyms;
mod topics;

use std::path::{Path, PathBuf};

pub use diagnostic::{Diagnostic, LoadError, Severity};
pub use fields::{is_kebab_case, Limit, TextLimits};
pub use files::{faq_files, is_faq_file_name};

/// The file in a FAQ folder that holds role profiles.
pub const ROLES_FILE: &str = "roles.toml";
/// The file in a FAQ folder that holds synonyms and off-topic words.
pub const SYNONYMS_FILE: &str = "synonyms.toml";
/// The file in a FAQ folder that holds the aspects members ask about.
pub const ASPECTS_FILE: &str = "aspects.toml";
/// Files every FAQ folder must have: without one a feature would silently go empty, so loading
/// (`faqbot check`, a reload) fails instead. Add a new required file here.
pub const REQUIRED_FILES: &[&str] = &[ROLES_FILE, SYNONYMS_FILE, ASPECTS_FILE];

/// A validated FAQ corpus. Every id is unique and every `related` id exists.
#[derive(Debug, Clone, Default)]
pub struct Corpus {
    /// Topics in file-name order.
    pub topics: Vec<Topic>,
    /// All entries, topic by topic, in file order.
    pub entries: Vec<Entry>,
    /// Role profiles for comparison.
    pub roles: Vec<Role>,
    /// Rewrites and off-topic words used by the matcher.
    pub synonyms: Synonyms,
    /// What members ask about, with the cues that say so.
    pub aspects: Vec<Aspect>,
}

impl Corpus {
    /// The entry with this id.
    pub fn entry(&self, id: &str) -> Option<&Entry> {
        self.entries.iter().find(|e| e.id == id)
    }

    /// The aspect with this id.
    pub fn aspect(&self, id: &str) -> Option<&Aspect> {
        self.aspects.iter().find(|a| a.id == id)
    }

    /// The role with this id, name or alias (case and punctuation ignored).
    pub fn role(&self, name: &str) -> Option<&Role> {
        let wanted = crate::text::normalize::normalize_text(name);
        self.roles.iter().find(|r| {
            r.id == name
                || crate::text::normalize::normalize_text(&r.id) == wanted
                || crate::text::normalize::normalize_text(&r.name) == wanted
                || r.aliases
                    .iter()
                    .any(|a| crate::text::normalize::normalize_text(a) == wanted)
        })
    }
}

/// One topic file.
#[derive(Debug, Clone)]
pub struct Topic {
    /// The file stem, e.g. `education`.
    pub id: String,
    /// The human title from the file's `topic` key.
    pub title: String,
    /// Ids of the topic's entries, in file order.
    pub entry_ids: Vec<String>,
}

/// One FAQ entry.
#[derive(Debug, Clone)]
pub struct Entry {
    /// Unique kebab-case id.
    pub id: String,
    /// Id of the topic (file stem) it belongs to.
    pub topic: String,
    /// The canonical question, used as the answer's title.
    pub question: String,
    /// Other ways members ask it.
    pub alternates: Vec<String>,
    /// The answer (Discord markdown).
    pub answer: String,
    /// Where the figures in the answer come from.
    pub source: Option<String>,
    /// Ids of related entries.
    pub related: Vec<String>,
    /// Role ids set in the file (`roles = [...]`); `None` when they are read from the phrasings.
    pub roles: Option<Vec<String>>,
    /// Aspect ids set in the file (`aspects = [...]`); `None` when they are read from the phrasings.
    pub aspects: Option<Vec<String>>,
    /// File the entry was read from.
    pub file: PathBuf,
    /// Line of its `[[entry]]` header.
    pub line: usize,
}

impl Entry {
    /// The question followed by its alternates: every phrasing the matcher scores against.
    pub fn phrasings(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.question.as_str()).chain(self.alternates.iter().map(String::as_str))
    }
}

/// The attributes every role profile has, in the order they are shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum RoleAttribute {
    Education,
    TypicalLength,
    Scope,
    Supervision,
    Workplaces,
    Certification,
    Pay,
    Outlook,
}

impl RoleAttribute {
    /// All attributes in display order.
    pub const ALL: [RoleAttribute; 8] = [
        RoleAttribute::Education,
        RoleAttribute::TypicalLength,
        RoleAttribute::Scope,
        RoleAttribute::Supervision,
        RoleAttribute::Workplaces,
        RoleAttribute::Certification,
        RoleAttribute::Pay,
        RoleAttribute::Outlook,
    ];

    /// The key used in `roles.toml`.
    pub fn key(self) -> &'static str {
        match self {
            RoleAttribute::Education => "education",
            RoleAttribute::TypicalLength => "typical_length",
            RoleAttribute::Scope => "scope",
            RoleAttribute::Supervision => "supervision",
            RoleAttribute::Workplaces => "workplaces",
            RoleAttribute::Certification => "certification",
            RoleAttribute::Pay => "pay",
            RoleAttribute::Outlook => "outlook",
        }
    }

    /// The label shown to members.
    pub fn label(self) -> &'static str {
        match self {
            RoleAttribute::Education => "Education",
            RoleAttribute::TypicalLength => "Typical length",
            RoleAttribute::Scope => "Scope of work",
            RoleAttribute::Supervision => "Supervision and autonomy",
            RoleAttribute::Workplaces => "Where they work",
            RoleAttribute::Certification => "Certification",
            RoleAttribute::Pay => "Pay",
            RoleAttribute::Outlook => "Outlook",
        }
    }

    /// The attribute with this `roles.toml` key.
    pub fn from_key(key: &str) -> Option<RoleAttribute> {
        RoleAttribute::ALL.into_iter().find(|a| a.key() == key)
    }
}

/// A role profile.
#[derive(Debug, Clone)]
pub struct Role {
    /// Unique kebab-case id.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Other names members use.
    pub aliases: Vec<String>,
    /// Every attribute, in [`RoleAttribute::ALL`] order.
    pub attributes: Vec<(RoleAttribute, String)>,
}

impl Role {
    /// The text of one attribute.
    pub fn attribute(&self, which: RoleAttribute) -> &str {
        self.attributes
            .iter()
            .find(|(a, _)| *a == which)
            .map(|(_, v)| v.as_str())
            .unwrap_or("")
    }
}

/// Rewrites applied to questions before matching, words that mark another field, and the other
/// word lists of `synonyms.toml` that say how a question is read. Every word is normalised.
#[derive(Debug, Clone, Default)]
pub struct Synonyms {
    /// (variant, canonical) pairs, both already normalised and split into words.
    pub rewrites: Vec<(Vec<String>, Vec<String>)>,
    /// Words that mark a question as being about another field.
    pub off_topic: Vec<String>,
    /// Nouns for a job or credential: a word the FAQ never uses right before one names a field the
    /// FAQ does not cover ("zookeeper technician", "programming certification").
    pub job_nouns: Vec<String>,
    /// Words before a job noun that describe it rather than name another field ("older techs").
    pub modifiers: Vec<String>,
    /// Phrases right before a role that exclude it ("do not want to be", "rather than").
    pub exclusion_cues: Vec<Vec<String>>,
    /// Phrases right before an aspect's cue that exclude it ("aside from the certification").
    pub aspect_exclusion_cues: Vec<Vec<String>>,
    /// Abbreviations that are also US state codes or everyday words ("ma", "mt", "bs").
    pub ambiguous: Vec<Ambiguity>,
    /// Words that on their own name no topic ("tech", "career").
    pub generic: Vec<String>,
}

/// Abbreviations that mean something else after some words: "in MA" is Massachusetts, "this is
/// BS" is not a bachelor's degree. Where they do, the word is replaced by [`Ambiguity::means`]
/// (or dropped) before reading.
#[derive(Debug, Clone, Default)]
pub struct Ambiguity {
    /// The abbreviations, normalised.
    pub words: Vec<String>,
    /// Phrases after which they mean the other thing.
    pub not_after: Vec<Vec<String>>,
    /// Words after them that make them what the FAQ means after all ("in MA school").
    pub unless_followed_by: Vec<String>,
    /// The words that replace them where they mean the other thing ("us state"); none: dropped.
    pub means: Vec<String>,
}

/// Something members ask about: pay, how long it takes, certification… (`aspects.toml`).
#[derive(Debug, Clone)]
pub struct Aspect {
    /// Unique kebab-case id.
    pub id: String,
    /// How the bot names it to members ("pay", "how long it takes").
    pub name: String,
    /// The role attribute that answers it for one role, if any.
    pub attribute: Option<RoleAttribute>,
    /// How members say it.
    pub cues: Vec<cue::Cue>,
    /// True when the aspect compares roles ("MLT vs MLS"): comparing one of the FAQ's roles with
    /// another field's job is then a question about that other field too, and declined.
    pub compares: bool,
    /// True for an aspect so common in questions ("program", "school", "do I need") that, in a
    /// sentence that also asks something the FAQ does not cover, it does not make the sentence
    /// answerable: "what immunizations are required for the MLT program?" is about immunizations.
    pub broad: bool,
    /// Line of its `[[aspect]]` header in `aspects.toml`.
    pub line: usize,
}

/// A corpus that loaded, with the warnings found on the way.
#[derive(Debug, Clone)]
pub struct Loaded {
    /// The validated corpus.
    pub corpus: Corpus,
    /// Warnings (e.g. two entries sharing a phrasing); never errors.
    pub warnings: Vec<Diagnostic>,
}

/// Reads and validates every FAQ file in `dir` (see [`is_faq_file_name`]), with texts held to
/// `limits`.
///
/// Returns the corpus, or every error found in every file (not only the first).
pub fn load_dir(dir: &Path, limits: &TextLimits) -> Result<Loaded, LoadError> {
    load::load_dir(dir, limits)
}
