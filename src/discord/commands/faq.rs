//! `/faq topics`, `/faq show id:`, and the moderator tools `/faq reload` and `/faq debug`.

use serenity::all::{
    AutocompleteChoice, CommandInteraction, CommandOptionType, Context, CreateCommand,
    CreateCommandOption, ResolvedValue,
};

use super::string_option;
use crate::discord::checks::is_moderator;
use crate::discord::handler::Bot;
use crate::discord::render::{self, Outgoing};
use crate::limits::{self, truncate};
use crate::matcher::{answer_of, Index, Ranking};
use crate::reply::Answer;

/// The command's definition. Discord cannot give subcommands their own default permissions, so
/// `reload` and `debug` are visible to all and refused at run time to non-moderators.
pub fn definition() -> CreateCommand {
    let sub = |name: &str, description: &str| {
        CreateCommandOption::new(CommandOptionType::SubCommand, name, description)
    };
    CreateCommand::new("faq")
        .description("Browse the FAQ; moderators: reload and debug it")
        .add_option(sub("topics", "List the FAQ's topics and questions"))
        .add_option(
            sub("show", "Show one FAQ entry").add_sub_option(
                CreateCommandOption::new(CommandOptionType::String, "id", "The entry")
                    .required(true)
                    .set_autocomplete(true),
            ),
        )
        .add_option(sub("reload", "Moderators: re-read the FAQ files"))
        .add_option(
            sub("debug", "Moderators: show how a question is matched").add_sub_option(
                CreateCommandOption::new(CommandOptionType::String, "question", "The question")
                    .required(true)
                    .max_length(limits::MESSAGE_CONTENT as u16),
            ),
        )
}

/// Runs one subcommand.
pub async fn run(bot: &Bot, ctx: &Context, cmd: &CommandInteraction) -> Outgoing {
    let options = cmd.data.options();
    let Some((sub, sub_options)) = options.iter().find_map(|o| match &o.value {
        ResolvedValue::SubCommand(opts) => Some((o.name, opts.as_slice())),
        _ => None,
    }) else {
        return Outgoing::notice("Use `/faq topics`, `/faq show`, `/faq reload` or `/faq debug`.");
    };
    match sub {
        "topics" => topics(&bot.state.index()),
        "show" => {
            let id = string_option(sub_options, "id").unwrap_or_default();
            match answer_for(&bot.state.index(), id) {
                Some(a) => render::answer(&a),
                None => Outgoing::notice(&format!(
                    "There is no FAQ entry `{}`. Start typing in `id:` to pick one.",
                    truncate(id, 100)
                )),
            }
        }
        "reload" | "debug" if !is_moderator(ctx, cmd, &bot.discord.moderator_role).await => {
            Outgoing::notice("Only moderators (Manage Server) can use this command.")
        }
        "reload" => reload(bot),
        "debug" => {
            let question = string_option(sub_options, "question").unwrap_or_default();
            debug(bot, question)
        }
        other => Outgoing::notice(&format!("Unknown subcommand `{other}`.")),
    }
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

fn topics(index: &Index) -> Outgoing {
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
    let embed = serenity::all::CreateEmbed::new()
        .title(format!("FAQ topics ({} questions)", corpus.entries.len()))
        .description("Ask with `/ask`, or open one entry with `/faq show`.")
        .fields(fields);
    Outgoing {
        embeds: vec![embed],
        ephemeral: true,
        ..Outgoing::default()
    }
}

fn reload(bot: &Bot) -> Outgoing {
    match bot.state.reload() {
        Ok(r) => {
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
        Err(e) => {
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
    }
}

fn debug(bot: &Bot, question: &str) -> Outgoing {
    let index = bot.state.index();
    let text = crate::matcher::explain::explain(&index, question, &bot.matching);
    render::listing(
        "How this question is matched",
        &format!("```\n{text}```"),
        true,
    )
}
