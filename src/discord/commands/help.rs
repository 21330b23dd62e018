//! `/help`: what the bot does and how to ask.

use serenity::all::CreateCommand;

use crate::discord::render::{self, Outgoing};

/// The command's definition.
pub fn definition() -> CreateCommand {
    CreateCommand::new("help").description("How to use the FAQ bot")
}

/// A short guide, privately.
pub fn run() -> Outgoing {
    render::listing(
        "How to use the FAQ bot",
        "I answer questions about careers in laboratory medicine: lab technicians (MLT), \
         technologists (MT/MLS), medical assistants, phlebotomy, degrees, certification, pay and jobs.\n\n\
         - `/ask question:` ask anything; pick a suggestion as you type\n\
         - mention me or DM me with a question\n\
         - `/compare first: second:` two roles side by side\n\
         - `/roles`: the roles I can compare\n\
         - `/faq topics`: everything I know, by topic\n\
         - `/faq show id:` one FAQ entry\n\n\
         Moderators: `/faq reload` re-reads the FAQ files, `/faq debug question:` shows how a question is matched.",
        true,
    )
}
