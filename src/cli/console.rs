//! The local console: chat with the bot in a terminal when no Discord token is set.

use std::io::{BufRead, Write};

use anyhow::Result;

use super::render::{comparison_text, reply_text};
use crate::config::Settings;
use crate::state::FaqState;

const HELP: &str = "Type a question and press Enter. Commands: /topics, /roles, /compare ROLE ROLE, /reload, /help. Ctrl-D quits.";

/// Reads questions from stdin until end of input, printing each reply as a member would see it.
pub fn run(state: &FaqState, settings: &Settings) -> Result<()> {
    let mut out = std::io::stdout().lock();
    writeln!(
        out,
        "faqbot console ({} FAQ entries). {HELP}",
        state.index().corpus().entries.len()
    )?;
    let stdin = std::io::stdin();
    let mut lines = stdin.lock().lines();
    loop {
        write!(out, "> ")?;
        out.flush()?;
        let Some(line) = lines.next() else { break };
        let line = line?;
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        let reply = handle(state, settings, line);
        writeln!(out, "{reply}\n")?;
    }
    writeln!(out)?;
    Ok(())
}

/// One console line → the text to print.
fn handle(state: &FaqState, settings: &Settings, line: &str) -> String {
    let index = state.index();
    let corpus = index.corpus();
    let mut words = line.split_whitespace();
    match words.next() {
        Some("/help") => HELP.to_string(),
        Some("/topics") => corpus
            .topics
            .iter()
            .map(|t| format!("- {} ({} entries)", t.title, t.entry_ids.len()))
            .collect::<Vec<_>>()
            .join("\n"),
        Some("/roles") => corpus
            .roles
            .iter()
            .map(|r| format!("- {} (`{}`)", r.name, r.id))
            .collect::<Vec<_>>()
            .join("\n"),
        Some("/compare") => match (words.next(), words.next()) {
            (Some(a), Some(b)) => match crate::compare::compare(corpus, a, b) {
                Ok(c) => comparison_text(&c),
                Err(e) => e.to_string(),
            },
            _ => "Usage: /compare ROLE ROLE (see /roles for the ids)".to_string(),
        },
        Some("/reload") => match state.reload() {
            Ok(r) => format!(
                "Reloaded: {} entries, {} warning(s).",
                r.entries,
                r.warnings.len()
            ),
            Err(e) => format!("Reload failed; still serving the old FAQ.\n{e}"),
        },
        _ => reply_text(&index.reply(line, &settings.matching)),
    }
}
