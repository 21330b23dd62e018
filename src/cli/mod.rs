//! The command line: argument parsing, and one module per command.
//!
//! `anyhow` lives here and in `main.rs` only; the library below returns typed errors.

mod args;
mod console;
mod insights;
mod render;
mod shutdown;

use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::Parser;

pub use args::{Args, Command};
pub use render::{debug_text, reply_json, reply_text};

use crate::config::Settings;
use crate::faq::Rules;
use crate::state::FaqState;

/// Runs the command line; returns the process exit code.
pub fn main() -> ExitCode {
    let args = Args::parse();
    match run(args) {
        Ok(code) => code,
        Err(e) => {
            // One clear line: the error and its causes, joined.
            let _ = writeln!(std::io::stderr(), "error: {e:#}");
            ExitCode::from(2)
        }
    }
}

fn run(args: Args) -> Result<ExitCode> {
    let settings = Settings::load(args.config.as_deref())?;
    init_logging(&settings.log.filter);
    let faq_dir = args.faq.clone().unwrap_or_else(|| settings.faq.dir.clone());

    match args.command.unwrap_or(Command::Run) {
        Command::Run => run_bot(&settings, &faq_dir),
        Command::Ask { json, question } => {
            let state = load(&faq_dir)?;
            ask(&state, &settings, json, &question)
        }
        Command::Debug { entries, question } => {
            let state = load(&faq_dir)?;
            let index = state.index();
            if entries {
                print!("{}", crate::matcher::explain::entries(&index));
            } else {
                print!(
                    "{}",
                    render::debug_text(&index, &question.join(" "), &settings.matching)
                );
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Check { dir } => Ok(check(dir.as_deref().unwrap_or(&faq_dir), &settings)),
        Command::Gaps {
            days,
            limit,
            guild,
            json,
        } => {
            let state = load(&faq_dir)?;
            insights::gaps(&state, &settings, days, limit, guild, json)
        }
        Command::Stats { days, json } => {
            let state = load(&faq_dir)?;
            insights::stats(&state, &settings, days, json)
        }
        Command::Export { json: _ } => {
            let state = load(&faq_dir)?;
            let out = render::export_json(state.index().corpus());
            println!("{}", serde_json::to_string_pretty(&out)?);
            Ok(ExitCode::SUCCESS)
        }
        Command::Eval { file, verbose } => {
            let state = load(&faq_dir)?;
            eval(&state, &settings, &file, verbose)
        }
        Command::Calibrate { files, folds } => {
            let state = load(&faq_dir)?;
            calibrate(&state, &settings, &files, folds)
        }
        Command::Compare { first, second } => {
            let state = load(&faq_dir)?;
            let index = state.index();
            let comparison = crate::compare::compare(index.corpus(), &first, &second)?;
            print!("{}", render::comparison_text(&comparison));
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// Sends logs to stderr (stdout is for replies and JSON), filtered by `RUST_LOG` or the config.
fn init_logging(default_filter: &str) {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .or_else(|_| tracing_subscriber::EnvFilter::try_new(default_filter))
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .with_writer(std::io::stderr)
        .try_init();
}

/// The FAQ of `dir` for looking into it ([`Rules::inspecting`]: `checks.txt` is not run), for
/// the commands that examine a FAQ rather than serve it.
fn load(dir: &Path) -> Result<FaqState> {
    open(dir, Rules::inspecting())
}

/// The FAQ of `dir` held to `rules`, or one line naming the first error (`faqbot check` lists
/// them all).
fn open(dir: &Path, rules: Rules) -> Result<FaqState> {
    let (state, report) = FaqState::open(dir, rules).map_err(|e| {
        let first = e.errors().next().map(|d| d.to_string()).unwrap_or_default();
        anyhow::anyhow!(
            "the FAQ folder {} has {} error(s), first: {first} (run `faqbot check` to see all)",
            dir.display(),
            e.errors().count()
        )
    })?;
    for w in &report.warnings {
        tracing::warn!("{w}");
    }
    tracing::debug!(entries = report.entries, roles = report.roles, "FAQ loaded");
    Ok(state)
}

fn run_bot(settings: &Settings, faq_dir: &Path) -> Result<ExitCode> {
    // Held to what `faqbot check` holds it to, now and at every reload.
    let state = std::sync::Arc::new(open(faq_dir, Rules::serving(settings.matching))?);
    let _watch = if settings.faq.watch {
        let guard = crate::watch::watch(
            state.clone(),
            std::time::Duration::from_millis(settings.faq.debounce_ms),
            |_| {},
        )
        .with_context(|| format!("cannot watch {}", faq_dir.display()))?;
        Some(guard)
    } else {
        None
    };
    if settings.token().is_none() {
        console::run(&state, settings)?;
        return Ok(ExitCode::SUCCESS);
    }
    tracing::info!(
        entries = state.index().corpus().entries.len(),
        "FAQ loaded; connecting to Discord"
    );
    let runtime = tokio::runtime::Runtime::new().context("starting the async runtime")?;
    let result = runtime.block_on(crate::discord::run(settings, state, shutdown::signal()));
    // Tasks still running (a reconnect, a reply) are not waited for long.
    runtime.shutdown_timeout(std::time::Duration::from_secs(1));
    result?;
    tracing::info!("stopped");
    Ok(ExitCode::SUCCESS)
}

fn ask(state: &FaqState, settings: &Settings, json: bool, question: &[String]) -> Result<ExitCode> {
    let index = state.index();
    let mut out = std::io::stdout().lock();
    let answer_one = |q: &str, out: &mut dyn Write| -> Result<()> {
        let reply = index.reply(q, &settings.matching);
        if json {
            writeln!(out, "{}", serde_json::to_string(&reply_json(q, &reply))?)?;
        } else {
            writeln!(out, "{}", reply_text(&reply))?;
        }
        Ok(())
    };
    if question.is_empty() {
        for line in std::io::stdin().lock().lines() {
            let line = line.context("reading questions from stdin")?;
            if line.trim().is_empty() && !json {
                continue;
            }
            answer_one(&line, &mut out)?;
        }
    } else {
        answer_one(&question.join(" "), &mut out)?;
    }
    Ok(ExitCode::SUCCESS)
}

/// `faqbot check`: the folder through the FAQ lifecycle with the rules the bot serves it with.
fn check(dir: &Path, settings: &Settings) -> ExitCode {
    match crate::faq::load(dir, &Rules::serving(settings.matching)) {
        Ok(loaded) => {
            for w in &loaded.warnings {
                eprintln!("{w}");
            }
            let corpus = loaded.index.corpus();
            println!(
                "{}: OK, {} entries in {} topics, {} roles, {} aspects, {} warning(s), {} checks passed",
                dir.display(),
                corpus.entries.len(),
                corpus.topics.len(),
                corpus.roles.len(),
                corpus.aspects.len(),
                loaded.warnings.len(),
                loaded.checked
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            for d in &e.diagnostics {
                eprintln!("{d}");
            }
            let checks_file = dir.join(crate::faq_checks::CHECKS_FILE);
            let failed_checks = e.errors().filter(|d| d.file == checks_file).count();
            if failed_checks > 0 {
                eprintln!(
                    "{}: {failed_checks} checks failed ({})",
                    dir.display(),
                    crate::faq_checks::CHECKS_FILE
                );
            } else {
                eprintln!("{}: {} error(s)", dir.display(), e.errors().count());
            }
            ExitCode::from(1)
        }
    }
}

fn eval(state: &FaqState, settings: &Settings, file: &PathBuf, verbose: bool) -> Result<ExitCode> {
    let text =
        std::fs::read_to_string(file).with_context(|| format!("cannot read {}", file.display()))?;
    let cases = crate::eval::parse(&text).with_context(|| format!("in {}", file.display()))?;
    let (outcomes, summary) = crate::eval::run(&state.index(), &settings.matching, &cases);
    print!("{}", crate::eval::report(&outcomes, &summary, verbose));
    Ok(ExitCode::SUCCESS)
}

fn calibrate(
    state: &FaqState,
    settings: &Settings,
    files: &[PathBuf],
    folds: usize,
) -> Result<ExitCode> {
    let mut cases = Vec::new();
    for file in files {
        let text = std::fs::read_to_string(file)
            .with_context(|| format!("cannot read {}", file.display()))?;
        cases.extend(crate::eval::parse(&text).with_context(|| format!("in {}", file.display()))?);
    }
    let c = crate::calibrate::calibrate(&state.index(), settings.matching, &cases, folds);
    let line = |name: &str, s: &crate::eval::Summary| {
        println!(
            "{name:<16} in scope {}/{} right, {} clarified; out of scope {}/{} declined; wrong {}; utility {}",
            s.in_scope_correct,
            s.in_scope,
            s.clarified,
            s.out_of_scope_declined,
            s.out_of_scope,
            s.wrong_answers,
            crate::calibrate::utility(s)
        );
    };
    println!(
        "{} questions from {} file(s), {} folds",
        cases.len(),
        files.len(),
        c.folds
    );
    line("shipped", &c.shipped_summary);
    line("fitted", &c.fitted_summary);
    line("cross-validated", &c.cross_validated);
    println!("fitted weights: {:?}", c.fitted.weights);
    println!("fitted thresholds: {:?}", c.fitted.thresholds);
    Ok(ExitCode::SUCCESS)
}
