//! `/ask question:` with autocomplete over the FAQ's questions.

use serenity::all::{
    AutocompleteChoice, CommandInteraction, CommandOptionType, CreateCommand, CreateCommandOption,
};

use super::string_option;
use crate::discord::handler::Bot;
use crate::discord::questions::limited_text;
use crate::discord::render::{self, Outgoing};
use crate::limiter::Admission;
use crate::limits::{self, truncate};
use crate::matcher::{Index, Ranking};

/// The command's definition.
pub fn definition() -> CreateCommand {
    CreateCommand::new("ask")
        .description("Ask a question about careers in laboratory medicine")
        .add_option(
            CreateCommandOption::new(CommandOptionType::String, "question", "Your question")
                .required(true)
                .max_length(limits::MESSAGE_CONTENT as u16)
                .set_autocomplete(true),
        )
}

/// Answers, clarifies (privately, with buttons) or declines (privately).
pub fn run(bot: &Bot, cmd: &CommandInteraction) -> Outgoing {
    let options = cmd.data.options();
    let question = string_option(&options, "question").unwrap_or_default();
    if let Admission::Limited(limited) = bot.limiter.check(cmd.user.id.get()) {
        return Outgoing::notice(&limited_text(limited.retry_in));
    }
    let reply = bot.state.index().reply(question, &bot.matching);
    tracing::info!(outcome = reply.outcome(), score = reply.score(), "/ask");
    crate::discord::feedback::record_reply(bot, cmd.guild_id, cmd.channel_id, question, &reply);
    render::reply(&reply)
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
