//! Command-line arguments (clap).

use std::path::PathBuf;

use clap::{Parser, Subcommand};

/// faqbot: answers questions about careers in laboratory medicine, on Discord or in a terminal.
#[derive(Debug, Parser)]
#[command(version, about)]
pub struct Args {
    /// FAQ folder (default: `faq.dir` from the config, normally `faq/`).
    #[arg(long, global = true, value_name = "DIR")]
    pub faq: Option<PathBuf>,
    /// Config file (default: `config/default.toml`, then `local.toml` beside it).
    #[arg(long, global = true, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// What to do (default: `run`).
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the bot: on Discord when DISCORD_TOKEN is set, otherwise a local console.
    Run,
    /// Answer one question, or one per line from stdin when none is given.
    Ask {
        /// Print each reply as one line of JSON.
        #[arg(long)]
        json: bool,
        /// The question (several words are joined).
        question: Vec<String>,
    },
    /// Show how a question is read (roles, aspects) and the top five candidates with their scores;
    /// with --entries, the roles and aspects of every entry.
    Debug {
        /// List every entry's roles and aspects instead.
        #[arg(long, conflicts_with = "question")]
        entries: bool,
        /// The question (several words are joined).
        #[arg(required_unless_present = "entries")]
        question: Vec<String>,
    },
    /// Validate a FAQ folder and run its checks.txt: exit 0 when valid, 1 with every error
    /// otherwise.
    Check {
        /// The folder (default: the configured FAQ folder).
        dir: Option<PathBuf>,
    },
    /// Print the corpus.
    Export {
        /// As JSON: `[{"id", "questions": [...], "answer"}]` (the only format).
        #[arg(long, required = true)]
        json: bool,
    },
    /// Score a question file (format of the dev set) and list the misses.
    Eval {
        /// The question file.
        file: PathBuf,
        /// List every question, not only the misses.
        #[arg(long, short)]
        verbose: bool,
    },
    /// Fit the matcher's weights and thresholds on labelled question files (the eval format) and
    /// print the fitted and the cross-validated figures beside the shipped ones.
    Calibrate {
        /// The question files.
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Number of cross-validation folds.
        #[arg(long, default_value_t = 5)]
        folds: usize,
    },
    /// The most frequent questions the FAQ could not answer, near-duplicates grouped.
    Gaps {
        /// How many days back.
        #[arg(long, default_value_t = 30)]
        days: u32,
        /// Most gaps listed.
        #[arg(long, default_value_t = 20)]
        limit: usize,
        /// Only questions asked in this server (id); default: every server and DMs.
        #[arg(long)]
        guild: Option<u64>,
        /// As JSON: `[{"key", "question", "count", "declined", "clarified", "variants"}]`.
        #[arg(long)]
        json: bool,
    },
    /// Per entry: how often it was given and how members rated it.
    Stats {
        /// How many days back.
        #[arg(long, default_value_t = 30)]
        days: u32,
        /// As JSON: `[{"id", "question", "given", "helpful", "not_helpful"}]`.
        #[arg(long)]
        json: bool,
    },
    /// Show two role profiles side by side.
    Compare {
        /// A role id, name or alias (e.g. `mlt`).
        first: String,
        /// Another role.
        second: String,
    },
}
