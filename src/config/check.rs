//! Every threshold, duration and count is checked at start, so a mistake (`0.7` written as
//! `70`, a `NaN`, a negative number) stops the bot with the key's name instead of silently
//! changing how it behaves.

use super::{ConfigError, Settings, Shards};

/// Longest debounce of FAQ file changes, in milliseconds.
const MAX_DEBOUNCE_MS: u64 = 60_000;
/// Longest auto-answer cool-down: 30 days, in seconds.
const MAX_COOLDOWN_SECS: u64 = 30 * 24 * 3600;
/// Most "did you mean" suggestions: Discord shows five buttons in a row.
const MAX_SUGGESTIONS: usize = 5;

/// The first setting out of its range, with the key's name and the value given.
pub(super) fn check(s: &Settings) -> Result<(), ConfigError> {
    let m = &s.matching;
    let d = &s.discord;
    score("matching.answer", m.answer)?;
    score("matching.clarify", m.clarify)?;
    score("matching.margin", m.margin)?;
    if m.clarify > m.answer {
        return Err(out_of_range(format!(
            "matching.clarify = {} must not exceed matching.answer = {} (suggestions score \
             lower than answers)",
            m.clarify, m.answer
        )));
    }
    within(
        "matching.max_suggestions",
        m.max_suggestions,
        1,
        MAX_SUGGESTIONS,
    )?;
    score("discord.auto_answer_threshold", d.auto_answer_threshold)?;
    within(
        "discord.auto_answer_cooldown_secs",
        d.auto_answer_cooldown_secs,
        0,
        MAX_COOLDOWN_SECS,
    )?;
    if !(0.0..=6000.0).contains(&d.questions_per_minute) {
        return Err(out_of_range(format!(
            "discord.questions_per_minute = {} must be between 0 (no limit) and 6000",
            d.questions_per_minute
        )));
    }
    within("discord.question_burst", d.question_burst, 1, 1000)?;
    within("discord.max_in_flight", d.max_in_flight, 1, 256)?;
    within("discord.queue_capacity", d.queue_capacity, 1, 1_000_000)?;
    // 0 turns follow-ups off.
    within(
        "discord.follow_up_window_secs",
        d.follow_up_window_secs,
        0,
        3600,
    )?;
    shards(&d.shards)?;
    within("faq.debounce_ms", s.faq.debounce_ms, 10, MAX_DEBOUNCE_MS)?;
    within(
        "database.retention_days",
        s.database.retention_days,
        1,
        36_500,
    )?;
    if let Some(url) = &s.database.url {
        let url = url.expose().trim();
        let known = ["postgres://", "postgresql://", "sqlite:"];
        if !url.is_empty() && !known.iter().any(|k| url.starts_with(k)) {
            return Err(out_of_range(
                "database.url must be empty, postgres://… or sqlite:…".into(),
            ));
        }
    }
    if let Err(e) = tracing_subscriber::EnvFilter::try_new(&s.log.filter) {
        return Err(out_of_range(format!(
            "log.filter = {:?} is not a log filter ({e}); e.g. \"info\" or \"faqbot=debug,info\"",
            s.log.filter
        )));
    }
    Ok(())
}

/// A score threshold: a number from 0 to 1 (never NaN).
fn score(key: &str, value: f32) -> Result<(), ConfigError> {
    if (0.0..=1.0).contains(&value) {
        return Ok(());
    }
    let hint = if value > 1.0 && value <= 100.0 {
        format!(
            " (scores are fractions: {} is written {})",
            value,
            value / 100.0
        )
    } else {
        String::new()
    };
    Err(out_of_range(format!(
        "{key} = {value} must be a score between 0 and 1{hint}"
    )))
}

fn within<T: PartialOrd + std::fmt::Display>(
    key: &str,
    value: T,
    min: T,
    max: T,
) -> Result<(), ConfigError> {
    if value >= min && value <= max {
        Ok(())
    } else {
        Err(out_of_range(format!(
            "{key} = {value} must be between {min} and {max}"
        )))
    }
}

fn shards(shards: &Shards) -> Result<(), ConfigError> {
    match shards {
        Shards::Auto(s) if s != "auto" => Err(out_of_range(format!(
            "discord.shards must be \"auto\" or {{ total, first, last }}, not \"{s}\""
        ))),
        Shards::Range { total, first, last } if *total == 0 || first > last || last >= total => {
            Err(out_of_range(format!(
                "discord.shards: need first <= last < total (got {first}..={last} of {total})"
            )))
        }
        _ => Ok(()),
    }
}

fn out_of_range(message: String) -> ConfigError {
    ConfigError::OutOfRange(message)
}
