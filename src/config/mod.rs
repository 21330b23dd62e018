//! Settings: the built-in defaults (`config/default.toml`, compiled in), then the config file
//! (`config/default.toml` or `--config FILE`), then `local.toml` beside it, then environment
//! variables `FAQBOT__SECTION__KEY` ([`env`]), and `DISCORD_TOKEN` for the token.
//!
//! Nothing is ignored quietly: a key no setting has ([`keys`]) is an error naming the nearest
//! one, and every value is range-checked with its key's name ([`check`]) before anything starts.

mod check;
mod env;
mod keys;

use std::ffi::OsString;
use std::fmt;
use std::path::{Path, PathBuf};

use config::Source;

use crate::matcher::Thresholds;

/// The committed defaults, compiled in so the binary runs from any folder.
const DEFAULTS: &str = include_str!("../../config/default.toml");

/// The default config file, relative to the working directory.
pub const DEFAULT_CONFIG_FILE: &str = "config/default.toml";

/// A problem reading the settings.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// The named config file does not exist.
    #[error("config file {0} not found")]
    Missing(PathBuf),
    /// A file or variable could not be read or has the wrong type.
    #[error("invalid configuration: {0}")]
    Invalid(#[from] config::ConfigError),
    /// A value is out of range.
    #[error("invalid configuration: {0}")]
    OutOfRange(String),
    /// A config file sets a key that no setting has.
    #[error("invalid configuration: {origin} sets `{key}`, which is not a setting{}", suggest(.nearest))]
    UnknownKey {
        /// The dotted key.
        key: String,
        /// The file.
        origin: String,
        /// The known key closest to it.
        nearest: Option<String>,
    },
    /// A `FAQBOT__…` variable names no setting.
    #[error("invalid configuration: the environment variable {name} is not a setting{}", suggest(.nearest))]
    UnknownVariable {
        /// The variable.
        name: String,
        /// The variable of the known setting closest to it.
        nearest: Option<String>,
    },
    /// A `FAQBOT__…` variable holds a value its setting cannot take.
    #[error("invalid configuration: {name} {message}")]
    BadValue {
        /// The variable.
        name: String,
        /// What is wrong with it.
        message: String,
    },
}

fn suggest(nearest: &Option<String>) -> String {
    nearest
        .as_ref()
        .map(|n| format!(" (did you mean {n}?)"))
        .unwrap_or_default()
}

/// All settings.
#[derive(Debug, Clone, serde::Deserialize)]
pub struct Settings {
    /// Where the FAQ lives and how it reloads.
    pub faq: FaqSettings,
    /// Matching thresholds.
    pub matching: Thresholds,
    /// Discord connection and behaviour.
    pub discord: DiscordSettings,
    /// Where gaps, answer counts and votes are stored.
    pub database: DatabaseSettings,
    /// Logging.
    pub log: LogSettings,
}

/// The `[faq]` section.
#[derive(Debug, Clone, serde::Deserialize)]
pub struct FaqSettings {
    /// FAQ folder.
    pub dir: PathBuf,
    /// Reload when files change.
    pub watch: bool,
    /// Debounce for file-change reloads.
    pub debounce_ms: u64,
}

/// The `[discord]` section.
#[derive(Debug, Clone, serde::Deserialize)]
pub struct DiscordSettings {
    /// The bot token (from `DISCORD_TOKEN`). Never printed.
    #[serde(default)]
    pub token: Option<Secret>,
    /// REST proxy URL; empty for none.
    #[serde(default)]
    pub proxy_url: String,
    /// Guilds to register commands in; empty for global registration.
    #[serde(default)]
    pub guild_ids: Vec<u64>,
    /// Which shards this process runs.
    pub shards: Shards,
    /// Role name that makes a member a moderator; empty for none.
    #[serde(default)]
    pub moderator_role: String,
    /// Questions a member's bucket refills per minute; 0 turns the limit off.
    pub questions_per_minute: f64,
    /// Questions a member may ask at once (the bucket's size).
    pub question_burst: u32,
    /// Questions (and interactions) answered at once; also bounds the HTTP connections.
    pub max_in_flight: usize,
    /// Questions waiting to be answered before new events wait for room.
    pub queue_capacity: usize,
    /// Channels answered unprompted.
    #[serde(default)]
    pub auto_answer_channels: Vec<u64>,
    /// Answer threshold in those channels.
    pub auto_answer_threshold: f32,
    /// Per channel and entry cool-down for auto answers.
    pub auto_answer_cooldown_secs: u64,
    /// Seconds within which a member's next question in the same channel may inherit the role
    /// of their previous answered one; 0 turns follow-ups off (0..=3600).
    #[serde(default = "default_follow_up_window_secs")]
    pub follow_up_window_secs: u64,
    /// Channel that receives a message for every FAQ change made from Discord; 0 for none.
    #[serde(default)]
    pub audit_channel: u64,
}

/// [`DiscordSettings::follow_up_window_secs`] when a config file leaves it out.
fn default_follow_up_window_secs() -> u64 {
    120
}

/// The `[database]` section.
#[derive(Debug, Clone, serde::Deserialize)]
pub struct DatabaseSettings {
    /// SQLite file used when `url` is empty; created with its folder on first start.
    pub path: PathBuf,
    /// `postgres://…` for a shared PostgreSQL (or a `sqlite:` URL); empty for `path`. It may hold
    /// a password, so it is never printed.
    #[serde(default)]
    pub url: Option<Secret>,
    /// Rows older than this many days are deleted.
    pub retention_days: u32,
    /// Key of the hash that stands in for a member in votes; empty to generate one and keep it
    /// in the database.
    #[serde(default)]
    pub vote_secret: Option<Secret>,
}

/// Shards this process runs.
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize)]
#[serde(untagged)]
pub enum Shards {
    /// `"auto"`: as many as Discord recommends, all in this process.
    Auto(String),
    /// Shards `first..=last` of `total`.
    Range {
        /// Total shards across all processes.
        total: u32,
        /// First shard run here.
        first: u32,
        /// Last shard run here.
        last: u32,
    },
}

/// The `[log]` section.
#[derive(Debug, Clone, serde::Deserialize)]
pub struct LogSettings {
    /// Filter used when `RUST_LOG` is unset.
    pub filter: String,
}

/// A secret string whose `Debug` and `Display` never show it.
#[derive(Clone, serde::Deserialize, PartialEq, Eq)]
#[serde(transparent)]
pub struct Secret(String);

impl Secret {
    /// Wraps a secret.
    pub fn new(s: impl Into<String>) -> Self {
        Secret(s.into())
    }
    /// The secret itself, for the one place that needs it.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(***)")
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("***")
    }
}

impl Settings {
    /// Loads settings. `file` is `--config FILE` if given; otherwise `config/default.toml` is
    /// read when it exists. `local.toml` beside the file is read when it exists. Variables come
    /// from the process's environment.
    pub fn load(file: Option<&Path>) -> Result<Settings, ConfigError> {
        let vars: Vec<(OsString, OsString)> = std::env::vars_os().collect();
        Settings::load_with_env(file, &vars)
    }

    /// [`Settings::load`] with the environment given as (name, value) pairs.
    pub fn load_with_env(
        file: Option<&Path>,
        vars: &[(OsString, OsString)],
    ) -> Result<Settings, ConfigError> {
        let file = match file {
            Some(f) if !f.exists() => return Err(ConfigError::Missing(f.to_path_buf())),
            Some(f) => Some(f.to_path_buf()),
            None => Some(PathBuf::from(DEFAULT_CONFIG_FILE)).filter(|p| p.exists()),
        };
        let defaults = config::Config::builder()
            .add_source(config::File::from_str(DEFAULTS, config::FileFormat::Toml))
            .build()?;
        let known = keys::known(&defaults.collect()?);
        let mut builder = config::Config::builder().add_source(defaults);
        if let Some(file) = &file {
            builder = builder.add_source(config::File::from(file.as_path()));
            let local = file.with_file_name("local.toml");
            builder = builder.add_source(config::File::from(local).required(false));
        }
        for (key, value) in env::overrides(vars, &known)? {
            builder = builder.set_override(key, value)?;
        }
        let token = vars
            .iter()
            .find(|(name, _)| name == "DISCORD_TOKEN")
            .and_then(|(_, value)| value.to_str())
            .map(str::trim)
            .filter(|token| !token.is_empty());
        if let Some(token) = token {
            builder = builder.set_override("discord.token", token.to_string())?;
        }
        let merged = builder.build()?;
        for (key, value) in keys::leaves(&merged.collect()?) {
            if !known.iter().any(|(k, _)| *k == key) {
                return Err(ConfigError::UnknownKey {
                    nearest: keys::nearest(&key, &known).map(str::to_string),
                    origin: value.origin().unwrap_or("the configuration").to_string(),
                    key,
                });
            }
        }
        let settings: Settings = merged.try_deserialize()?;
        check::check(&settings)?;
        Ok(settings)
    }

    /// The built-in defaults alone (no file, no environment): a base for tests and tools.
    pub fn defaults() -> Settings {
        config::Config::builder()
            .add_source(config::File::from_str(DEFAULTS, config::FileFormat::Toml))
            .build()
            .and_then(|c| c.try_deserialize())
            .expect("the compiled-in config/default.toml is valid")
    }

    /// The Discord token, if one is configured and not blank.
    pub fn token(&self) -> Option<&Secret> {
        self.discord
            .token
            .as_ref()
            .filter(|t| !t.expose().trim().is_empty())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secret_is_never_shown() {
        let s = Secret::new("abc.def");
        assert_eq!(format!("{s} {s:?}"), "*** Secret(***)");
    }

    #[test]
    fn built_in_defaults_parse() {
        let settings = Settings::defaults();
        check::check(&settings).unwrap();
        assert_eq!(settings.discord.shards, Shards::Auto("auto".into()));
        assert_eq!(settings.discord.follow_up_window_secs, 120);
    }

    #[test]
    fn the_follow_up_window_is_range_checked() {
        let mut settings = Settings::defaults();
        settings.discord.follow_up_window_secs = 3601;
        let e = check::check(&settings).unwrap_err().to_string();
        assert!(e.contains("follow_up_window_secs"), "{e}");
        settings.discord.follow_up_window_secs = 0;
        check::check(&settings).unwrap();
    }
}
