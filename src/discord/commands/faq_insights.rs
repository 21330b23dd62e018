//! `/faq gaps days:` and `/faq stats days:` (moderators): what members of this server asked that
//! the FAQ could not answer, grouped, with a button per gap that opens the add form prefilled;
//! and per entry (all servers: counts only), how often it was given and how it was rated.

use std::time::Duration;

use poise::serenity_prelude::{
    ButtonStyle, CreateActionRow, CreateButton, CreateInteractionResponse, GuildId,
};

use super::faq_edit::GAP_BUTTON;
use super::faq_forms::gap_form;
use super::{moderator, responder, CommandError, Context};
use crate::discord::bot::Bot;
use crate::discord::render::{self, Outgoing};
use crate::gaps::{self, Gap};
use crate::limits::{self, truncate};
use crate::store::{self, StoreError, DAY};

/// Days looked at when `days:` is not given.
pub const DEFAULT_DAYS: u32 = 30;
/// Gaps listed.
const GAPS_SHOWN: usize = 10;
/// Gaps with an "add" button (one row).
const GAP_BUTTONS: usize = 5;
/// Distinct questions read from the database to group.
const SOURCE_ROWS: usize = 5_000;
/// Longest wait for the database before answering that it is unavailable.
const READ_TIMEOUT: Duration = Duration::from_secs(10);

/// Moderators: the questions the FAQ could not answer, grouped
///
/// Deferred (the database may be slow), answered privately.
#[poise::command(slash_command, check = "moderator")]
pub async fn gaps(
    ctx: Context<'_>,
    #[description = "How many days back (default 30)"]
    #[min = 1]
    #[max = 36500]
    days: Option<u32>,
) -> Result<(), CommandError> {
    report(ctx, Report::Gaps, days).await
}

/// Moderators: how often each entry was given and how it was rated
///
/// Deferred (the database may be slow), answered privately.
#[poise::command(slash_command, check = "moderator")]
pub async fn stats(
    ctx: Context<'_>,
    #[description = "How many days back (default 30)"]
    #[min = 1]
    #[max = 36500]
    days: Option<u32>,
) -> Result<(), CommandError> {
    report(ctx, Report::Stats, days).await
}

/// What `/faq gaps` and `/faq stats` report.
enum Report {
    Gaps,
    Stats,
}

/// Defers (the database may be slow), reads the report of the last `days` (default 30), and
/// shows it privately.
async fn report(ctx: Context<'_>, which: Report, days: Option<u32>) -> Result<(), CommandError> {
    let responder = responder(ctx).await;
    responder.defer(true).await?;
    let days = days.unwrap_or(DEFAULT_DAYS).clamp(1, 36_500);
    let out = match which {
        Report::Gaps => gaps_message(ctx.data(), days, ctx.guild_id()).await,
        Report::Stats => stats_message(ctx.data(), days).await,
    };
    Ok(responder.send(out).await?)
}

/// The gaps of the last `days` in server `guild`, grouped with the served FAQ's normalisation.
async fn gaps_of(bot: &Bot, days: u32, guild: Option<GuildId>) -> Result<Vec<Gap>, StoreError> {
    // Questions asked a moment ago are still in the write queue.
    let _ = tokio::time::timeout(Duration::from_secs(2), bot.store.flush()).await;
    let since = store::now() - i64::from(days) * DAY;
    let rows = tokio::time::timeout(
        READ_TIMEOUT,
        bot.store
            .gaps_source(since, SOURCE_ROWS, guild.map(GuildId::get)),
    )
    .await
    .unwrap_or_else(|_| Err(StoreError::Unavailable("no answer within 10 s".into())))?;
    Ok(gaps::group(&bot.state.index(), &rows, GAPS_SHOWN))
}

fn unavailable(e: &StoreError) -> Outgoing {
    Outgoing::notice(&format!(
        "Cannot read the database ({e}). Answering members is not affected."
    ))
}

async fn gaps_message(bot: &Bot, days: u32, guild: Option<GuildId>) -> Outgoing {
    let gaps = match gaps_of(bot, days, guild).await {
        Ok(g) => g,
        Err(e) => return unavailable(&e),
    };
    if gaps.is_empty() {
        return Outgoing::notice(&format!(
            "No unanswered questions in the last {days} day(s)."
        ));
    }
    let mut lines = Vec::new();
    for (i, g) in gaps.iter().enumerate() {
        let mut line = format!(
            "**{}.** {}× “{}” ({} declined, {} did you mean)",
            i + 1,
            g.count,
            truncate(&g.question, 150),
            g.declined,
            g.clarified
        );
        let others: Vec<String> = g
            .variants
            .iter()
            .skip(1)
            .take(3)
            .map(|(q, n)| format!("“{}” ×{n}", truncate(q, 80)))
            .collect();
        if !others.is_empty() {
            line.push_str(&format!("\n  also: {}", others.join(", ")));
        }
        lines.push(line);
    }
    let buttons: Vec<CreateButton> = gaps
        .iter()
        .take(GAP_BUTTONS)
        .enumerate()
        .map(|(i, g)| {
            CreateButton::new(format!("{GAP_BUTTON}{days}:{}", g.key))
                .label(truncate(
                    &format!("Add {}: {}", i + 1, g.question),
                    limits::BUTTON_LABEL,
                ))
                .style(ButtonStyle::Primary)
        })
        .collect();
    let mut out = render::listing(
        &format!("Unanswered questions, last {days} day(s)"),
        &truncate(&lines.join("\n"), limits::EMBED_DESCRIPTION),
        true,
    );
    out.components = vec![CreateActionRow::Buttons(buttons)];
    out
}

/// A gap's "add" button: the add form prefilled with the gap (`rest` is `days:key`).
pub async fn open_gap(bot: &Bot, rest: &str, guild: Option<GuildId>) -> CreateInteractionResponse {
    let gone = || {
        Outgoing::notice("That gap is no longer in the list; run `/faq gaps` again.")
            .into_response()
    };
    let Some((days, key)) = rest.split_once(':') else {
        return gone();
    };
    let Ok(days) = days.parse::<u32>() else {
        return gone();
    };
    // The form must open within Discord's 3 seconds.
    let found = tokio::time::timeout(Duration::from_millis(2500), gaps_of(bot, days, guild)).await;
    match found {
        Ok(Ok(gaps)) => match gaps.into_iter().find(|g| g.key == key) {
            Some(g) => {
                let others: Vec<String> =
                    g.variants.iter().skip(1).map(|(q, _)| q.clone()).collect();
                gap_form(bot, &g.question, &others)
            }
            None => gone(),
        },
        Ok(Err(e)) => unavailable(&e).into_response(),
        Err(_) => unavailable(&StoreError::Unavailable("too slow".into())).into_response(),
    }
}

async fn stats_message(bot: &Bot, days: u32) -> Outgoing {
    let _ = tokio::time::timeout(Duration::from_secs(2), bot.store.flush()).await;
    let since = store::now() - i64::from(days) * DAY;
    let rows = match tokio::time::timeout(READ_TIMEOUT, bot.store.stats(since)).await {
        Ok(Ok(rows)) => rows,
        Ok(Err(e)) => return unavailable(&e),
        Err(_) => return unavailable(&StoreError::Unavailable("no answer within 10 s".into())),
    };
    let index = bot.state.index();
    let report = crate::stats::report(index.corpus(), &rows);
    let (given, up, down) = report.iter().fold((0, 0, 0), |t, r| {
        (t.0 + r.given, t.1 + r.helpful, t.2 + r.not_helpful)
    });
    let mut lines = vec![format!(
        "Answers given: **{given}** · 👍 {up} · 👎 {down}\n"
    )];
    let mut quiet = 0;
    for r in &report {
        if r.given == 0 && r.helpful == 0 && r.not_helpful == 0 {
            quiet += 1;
            continue;
        }
        let gone = if r.question.is_none() {
            " (no longer in the FAQ)"
        } else {
            ""
        };
        lines.push(format!(
            "`{}`{gone} — given {} · 👍 {} · 👎 {}",
            r.id, r.given, r.helpful, r.not_helpful
        ));
    }
    if quiet > 0 {
        lines.push(format!("\n{quiet} entries were not given in this period."));
    }
    render::listing(
        &format!("FAQ stats, last {days} day(s)"),
        &truncate(&lines.join("\n"), limits::EMBED_DESCRIPTION),
        true,
    )
}
