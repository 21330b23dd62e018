//! `/ask question:` with autocomplete over the FAQ's questions.

use poise::serenity_prelude::{AutocompleteChoice, CreateAutocompleteResponse};

use super::{choices, reply, CommandError, Context};
use crate::discord::questions::{self, limited_text};
use crate::discord::render::{self, Outgoing};
use crate::limiter::Admission;
use crate::limits::{self, truncate};
use crate::matcher::{Index, Ranking};

/// Ask a question about careers in laboratory medicine
///
/// Answers publicly; clarifies (with buttons) or declines privately. Several questions in one
/// are answered each; a follow-up may inherit the role of the member's previous question here.
#[poise::command(slash_command)]
pub async fn ask(
    ctx: Context<'_>,
    #[description = "Your question"]
    #[max_length = 2000]
    #[autocomplete = "suggest_questions"]
    question: String,
) -> Result<(), CommandError> {
    let bot = ctx.data();
    let out = match bot.limiter.check(ctx.author().id.get()) {
        Admission::Limited(limited) => Outgoing::notice(&limited_text(limited.retry_in)),
        Admission::Allowed => {
            let turn = questions::converse(bot, ctx.author().id, ctx.channel_id(), &question);
            questions::log_turn(&turn, "/ask");
            questions::record(bot, ctx.guild_id(), ctx.channel_id(), &turn);
            render::turn(&turn)
        }
    };
    reply(ctx, out).await
}

async fn suggest_questions(ctx: Context<'_>, typed: &str) -> CreateAutocompleteResponse {
    choices(suggest(&ctx.data().state.index(), typed))
}

/// Up to 25 FAQ questions for what the member has typed so far: the best matches, or (before
/// anything matches) the questions containing the text, or the first questions.
pub fn suggest(index: &Index, typed: &str) -> Vec<AutocompleteChoice> {
    let corpus = index.corpus();
    let mut picked: Vec<usize> = match index.rank(typed) {
        Ranking::Ranked(c) => c.into_iter().map(|c| c.entry).collect(),
        _ => vec![],
    };
    let needle = typed.trim().to_lowercase();
    for (i, e) in corpus.entries.iter().enumerate() {
        if picked.len() >= limits::AUTOCOMPLETE_CHOICES {
            break;
        }
        if !picked.contains(&i) && e.question.to_lowercase().contains(&needle) {
            picked.push(i);
        }
    }
    picked
        .into_iter()
        .take(limits::AUTOCOMPLETE_CHOICES)
        .map(|i| {
            let q = truncate(&corpus.entries[i].question, limits::CHOICE_NAME);
            AutocompleteChoice::new(q.clone(), q)
        })
        .collect()
}
