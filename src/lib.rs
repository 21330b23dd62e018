//! faqbot: a Discord FAQ bot for careers in laboratory medicine.
//!
//! Data flows one way, and each step lives in its own module:
//!
//! ```text
//! faq/*.toml ──► corpus (raw TOML → validated Corpus) ──► matcher::Index ──► reply::Reply ──► render
//!                                                                                       ├─ cli (terminal, JSON)
//!                                                                                       └─ discord (embeds, buttons)
//! ```
//!
//! - [`faq`]: the FAQ lifecycle, the one way a folder is loaded: files validated ([`corpus`]),
//!   index built, entries linted, `checks.txt` run; every caller (start, `check`, reload, watcher,
//!   edits) goes through it.
//! - [`corpus`]: reads the FAQ folder (topic files, `roles.toml`, `aspects.toml`,
//!   `synonyms.toml`), validates it and reports every problem with its file, line, column and
//!   field.
//! - [`text`]: normalisation shared by the index and the queries (unicode, case, contractions,
//!   synonyms, spelling, stemming).
//! - [`matcher`]: the index built from a corpus and the scoring that turns a question into a
//!   [`reply::Reply`]: answer, clarify with suggestions, or decline.
//! - [`conversation`]: a message as a turn of a conversation: several questions in one message
//!   answered each, and follow-ups that inherit the role of the member's previous question.
//! - [`compare`]: role profiles side by side.
//! - [`limits`]: Discord's text limits and cutting on character boundaries.
//! - [`memory`]: returning memory to the OS after a burst.
//! - [`config`]: settings from `config/default.toml`, `config/local.toml` and `FAQBOT__*` variables.
//! - [`eval`]: scores a question file (the dev-set format) against the matcher;
//!   [`calibrate`] fits the matcher's weights on such files, with cross-validation.
//! - [`state`]: the live corpus + index behind an atomic swap, and reloading;
//!   [`watch`] reloads it when a file changes.
//! - [`faq_checks`]: `checks.txt`, regression questions a reload or edit must still pass.
//! - [`faq_edit`]: changing entries from Discord: validated like the files, written back with
//!   toml_edit (comments and layout kept) atomically, then reloaded.
//! - [`store`]: unanswered questions, answers given and votes in SQLite or PostgreSQL (sqlx);
//!   [`gaps`] groups the unanswered ones with the matcher's normalisation; [`stats`] reports
//!   answers given and votes per entry.
//! - [`cooldown`]: "once per key per period", for auto-answers.
//! - [`limiter`]: per-member token buckets with a burst allowance, for flood control.
//! - [`cli`]: the command line and the local console.
//! - [`discord`]: the Discord transport, the only module that knows serenity.
//!
//! Everything but [`discord`] and [`cli`] is transport-neutral: it never imports serenity.

pub mod calibrate;
pub mod cli;
pub mod compare;
pub mod config;
pub mod conversation;
pub mod cooldown;
pub mod corpus;
pub mod discord;
pub mod eval;
pub mod faq;
pub mod faq_checks;
pub mod faq_edit;
pub mod gaps;
pub mod limiter;
pub mod limits;
pub mod matcher;
pub mod memory;
pub mod reply;
pub mod state;
pub mod stats;
pub mod store;
pub mod text;
pub mod watch;
