//! Discord end to end: the bot's real serenity client (and poise) against the fake Discord on
//! 127.0.0.1 (the `fake-discord` crate in `tests/fake-discord/`), which checks every request
//! body against Discord's OpenAPI schemas and limits.
//!
//! One test binary, so the fake and the one [`support::TestBot`] are compiled once. Run one
//! group with `cargo test --test discord threads::` (a module name is a filter).

mod support;

mod basics;
mod conversation;
mod deferral;
mod edits;
mod fake_selftest;
mod feedback;
mod mentions;
mod moderator;
mod resilience;
mod threads;
