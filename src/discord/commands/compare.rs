//! `/compare first: second:` (roles from `faq/roles.toml` as choices) and `/roles`.

use serenity::all::{CommandInteraction, CommandOptionType, CreateCommand, CreateCommandOption};

use super::string_option;
use crate::compare::{compare, CompareError};
use crate::corpus::Corpus;
use crate::discord::handler::Bot;
use crate::discord::render::{self, Outgoing};
use crate::limits::{self, truncate};

/// The command's definition, with one choice per role (Discord allows 25).
pub fn definition(corpus: &Corpus) -> CreateCommand {
    let option = |name: &str, description: &str| {
        corpus.roles.iter().take(limits::AUTOCOMPLETE_CHOICES).fold(
            CreateCommandOption::new(CommandOptionType::String, name, description).required(true),
            |o, r| o.add_string_choice(truncate(&r.name, limits::CHOICE_NAME), r.id.clone()),
        )
    };
    CreateCommand::new("compare")
        .description("Compare two roles side by side")
        .add_option(option("first", "The first role"))
        .add_option(option("second", "The role to compare it with"))
}

/// The `/roles` definition.
pub fn roles_definition() -> CreateCommand {
    CreateCommand::new("roles").description("List the roles that /compare knows")
}

/// Two roles side by side; the same role twice or an unknown one gets a private explanation.
pub fn run(bot: &Bot, cmd: &CommandInteraction) -> Outgoing {
    let options = cmd.data.options();
    let first = string_option(&options, "first").unwrap_or_default();
    let second = string_option(&options, "second").unwrap_or_default();
    let index = bot.state.index();
    match compare(index.corpus(), first, second) {
        Ok(c) => render::comparison(&c),
        Err(CompareError::SameRole(name)) => Outgoing::notice(&format!(
            "You picked **{name}** twice. Choose two different roles to compare."
        )),
        Err(e @ CompareError::UnknownRole { .. }) => Outgoing::notice(&e.to_string()),
    }
}

/// The roles with their aliases, publicly.
pub fn roles(bot: &Bot) -> Outgoing {
    let index = bot.state.index();
    let body: Vec<String> = index
        .corpus()
        .roles
        .iter()
        .map(|r| {
            let aliases: Vec<&str> = r.aliases.iter().take(6).map(String::as_str).collect();
            format!("**{}**: also called {}", r.name, aliases.join(", "))
        })
        .collect();
    render::listing("Roles you can /compare", &body.join("\n"), false)
}
