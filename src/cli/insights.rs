//! `faqbot gaps` and `faqbot stats`: what the database recorded, read from the command line.

use std::process::ExitCode;

use anyhow::{Context, Result};

use crate::config::Settings;
use crate::state::FaqState;
use crate::store::{self, Store, DAY};

/// Distinct questions read to group into gaps.
const SOURCE_ROWS: usize = 20_000;

fn connect(settings: &Settings) -> Result<(tokio::runtime::Runtime, Store)> {
    let runtime = tokio::runtime::Runtime::new().context("starting the async runtime")?;
    let store = runtime
        .block_on(Store::connect(&settings.database))
        .context("cannot open the database (see [database] in the config)")?;
    Ok((runtime, store))
}

/// Prints the gaps of the last `days` (of one server, or all), most asked first.
pub fn gaps(
    state: &FaqState,
    settings: &Settings,
    days: u32,
    limit: usize,
    guild: Option<u64>,
    json: bool,
) -> Result<ExitCode> {
    let (runtime, store) = connect(settings)?;
    let since = store::now() - i64::from(days) * DAY;
    let rows = runtime.block_on(store.gaps_source(since, SOURCE_ROWS, guild))?;
    runtime.block_on(store.close());
    let gaps = crate::gaps::group(&state.index(), &rows, limit);
    if json {
        println!("{}", serde_json::to_string_pretty(&gaps)?);
        return Ok(ExitCode::SUCCESS);
    }
    if gaps.is_empty() {
        println!("No unanswered questions in the last {days} day(s).");
        return Ok(ExitCode::SUCCESS);
    }
    println!("Unanswered questions, last {days} day(s), most asked first:");
    for g in &gaps {
        println!(
            "{:>5}  {}  ({} declined, {} did you mean)",
            g.count, g.question, g.declined, g.clarified
        );
        for (q, n) in g.variants.iter().skip(1) {
            println!("{:>5}    also: {q} ({n})", "");
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Prints, per entry, answers given and votes in the last `days`.
pub fn stats(state: &FaqState, settings: &Settings, days: u32, json: bool) -> Result<ExitCode> {
    let (runtime, store) = connect(settings)?;
    let since = store::now() - i64::from(days) * DAY;
    let rows = runtime.block_on(store.stats(since))?;
    runtime.block_on(store.close());
    let report = crate::stats::report(state.index().corpus(), &rows);
    if json {
        println!("{}", serde_json::to_string_pretty(&report)?);
        return Ok(ExitCode::SUCCESS);
    }
    println!("Last {days} day(s):");
    println!(
        "{:>6} {:>8} {:>12}  entry",
        "given", "helpful", "not helpful"
    );
    for r in &report {
        let gone = if r.question.is_none() {
            "  (no longer in the FAQ)"
        } else {
            ""
        };
        println!(
            "{:>6} {:>8} {:>12}  {}{gone}",
            r.given, r.helpful, r.not_helpful, r.id
        );
    }
    Ok(ExitCode::SUCCESS)
}
