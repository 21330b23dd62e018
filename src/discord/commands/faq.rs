//! `/faq`: its subcommands `topics` and `show id:` for everyone, and the moderator tools
//! `reload` and `debug question:` (the others are in [`super::faq_edit`] and
//! [`super::faq_insights`]).
//!
//! Discord cannot give subcommands their own default permissions, so the moderator subcommands
//! are visible to all and refused at run time (their `check`) to everyone else.

use poise::serenity_prelude::{AutocompleteChoice, CreateAutocompleteResponse, CreateEmbed};

use super::faq_edit::{add, edit, remove};
use super::faq_insights::{gaps, stats};
use super::{choices, moderator, reply, responder, CommandError, Context};
use crate::discord::render::{self, Outgoing};
use crate::limits::{self, truncate};
use crate::matcher::{answer_of, Index, Ranking};
use crate::reply::Answer;

/// Browse the FAQ; moderators: edit, reload, debug it, see gaps and stats
#[poise::command(
    slash_command,
    subcommands(
        "topics", "show", "reload", "debug", "edit", "add", "remove", "gaps", "stats"
    ),
    subcommand_required
)]
pub async fn faq(_ctx: Context<'_>) -> Result<(), CommandError> {
    Ok(()) // Discord always names a subcommand
}

/// List the FAQ's topics and questions
#[poise::command(slash_command)]
pub async fn topics(ctx: Context<'_>) -> Result<(), CommandError> {
    let out = topics_listing(&ctx.data().state.index());
    reply(ctx, out).await
}

/// Show one FAQ entry
#[poise::command(slash_command)]
pub async fn show(
    ctx: Context<'_>,
    #[description = "The entry"]
    #[autocomplete = "suggest_entries"]
    id: String,
) -> Result<(), CommandError> {
    let out = match answer_for(&ctx.data().state.index(), &id) {
        Some(a) => render::answer(&a),
        None => Outgoing::notice(&format!(
            "There is no FAQ entry `{}`. Start typing in `id:` to pick one.",
            truncate(&id, 100)
        )),
    };
    reply(ctx, out).await
}

/// Moderators: re-read the FAQ files
///
/// Deferred: reading, validating and checking the files may outlast Discord's 3 seconds.
#[poise::command(slash_command, check = "moderator")]
pub async fn reload(ctx: Context<'_>) -> Result<(), CommandError> {
    let responder = responder(ctx).await;
    responder.defer(true).await?;
    let state = ctx.data().state.clone();
    let out = match tokio::task::spawn_blocking(move || state.reload()).await {
        Ok(Ok(r)) => {
            tracing::info!(entries = r.entries, "FAQ reloaded by a moderator");
            let mut text = format!(
                "Reloaded the FAQ: **{}** entries, {} roles.",
                r.entries, r.roles
            );
            for w in r.warnings.iter().take(10) {
                text.push_str(&format!("\n⚠️ `{w}`"));
            }
            Outgoing::notice(&text)
        }
        Ok(Err(e)) => {
            tracing::warn!("moderator reload failed; still serving the previous FAQ");
            let errors: Vec<String> = e.errors().map(|d| format!("- `{d}`")).collect();
            render::listing(
                &format!(
                    "Reload failed: {} error(s). Still serving the previous FAQ.",
                    errors.len()
                ),
                &errors.join("\n"),
                true,
            )
        }
        Err(e) => {
            tracing::error!("the reload failed: {e}");
            Outgoing::notice("The reload failed unexpectedly; the previous FAQ keeps serving.")
        }
    };
    responder.send(out).await?;
    Ok(())
}

/// Moderators: show how a question is matched
#[poise::command(slash_command, check = "moderator")]
pub async fn debug(
    ctx: Context<'_>,
    #[description = "The question"]
    #[max_length = 2000]
    question: String,
) -> Result<(), CommandError> {
    let out = {
        let bot = ctx.data();
        let index = bot.state.index();
        let text = crate::matcher::explain::explain(&index, &question, &bot.matching);
        render::listing(
            "How this question is matched",
            &format!("```\n{text}```"),
            true,
        )
    };
    reply(ctx, out).await
}

/// Entry ids for what was typed (`/faq show|edit|remove id:`).
pub(super) async fn suggest_entries(ctx: Context<'_>, typed: &str) -> CreateAutocompleteResponse {
    choices(suggest_ids(&ctx.data().state.index(), typed))
}

/// The entry `id` as an answer, as if it had been asked.
pub fn answer_for(index: &Index, id: &str) -> Option<Answer> {
    let corpus = index.corpus();
    corpus.entry(id).map(|e| answer_of(corpus, e, 1.0))
}

/// Entry ids matching what the moderator or member typed, best first (at most 25).
pub fn suggest_ids(index: &Index, typed: &str) -> Vec<AutocompleteChoice> {
    let corpus = index.corpus();
    let needle = typed.trim().to_lowercase();
    let mut picked: Vec<usize> = corpus
        .entries
        .iter()
        .enumerate()
        .filter(|(_, e)| e.id.contains(&needle))
        .map(|(i, _)| i)
        .collect();
    if let Ranking::Ranked(c) = index.rank(typed) {
        for c in c {
            if !picked.contains(&c.entry) {
                picked.push(c.entry);
            }
        }
    }
    picked
        .into_iter()
        .take(limits::AUTOCOMPLETE_CHOICES)
        .map(|i| {
            let e = &corpus.entries[i];
            AutocompleteChoice::new(
                truncate(&format!("{} ({})", e.question, e.id), limits::CHOICE_NAME),
                e.id.clone(),
            )
        })
        .collect()
}

fn topics_listing(index: &Index) -> Outgoing {
    let corpus = index.corpus();
    let fields: Vec<(String, String, bool)> = corpus
        .topics
        .iter()
        .take(limits::EMBED_FIELDS)
        .map(|t| {
            let questions: Vec<String> = t
                .entry_ids
                .iter()
                .filter_map(|id| corpus.entry(id))
                .map(|e| format!("• {}", e.question))
                .collect();
            (t.title.clone(), questions.join("\n"), false)
        })
        .collect();
    let fields = render::fit_fields(fields, limits::EMBED_TOTAL - 200);
    let embed = CreateEmbed::new()
        .title(format!("FAQ topics ({} questions)", corpus.entries.len()))
        .description("Ask with `/ask`, or open one entry with `/faq show`.")
        .fields(fields);
    Outgoing {
        embeds: vec![embed],
        ephemeral: true,
        ..Outgoing::default()
    }
}
