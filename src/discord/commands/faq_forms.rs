//! The forms (modals) of `/faq edit` and `/faq add`, and the add form opened from a gap: five
//! fields each, prefilled from the entry as it is in its file, within Discord's limits.

use serenity::all::{
    CreateActionRow, CreateInputText, CreateInteractionResponse, CreateModal, InputTextStyle,
};

use super::faq_edit::{notice, ADD_FORM, EDIT_FORM, GAP_FORM};
use crate::discord::bot::Bot;
use crate::faq_edit::{self, Draft};
use crate::limits::{self, truncate};
use crate::matcher::Ranking;

/// Custom ids of the form fields.
pub(super) const QUESTION: &str = "question";
pub(super) const ALTERNATES: &str = "alternates";
pub(super) const ANSWER: &str = "answer";
pub(super) const SOURCE: &str = "source";
pub(super) const RELATED: &str = "related";
pub(super) const ID: &str = "id";
pub(super) const TOPIC: &str = "topic";

/// Most characters of one form field Discord accepts.
const INPUT_MAX: usize = 4000;
/// Most characters of a modal title.
const MODAL_TITLE: usize = 45;

/// The edit form, prefilled from the file as it is now.
pub(super) fn edit_form(bot: &Bot, id: &str) -> CreateInteractionResponse {
    let Some(found) = faq_edit::locate(bot.editor.dir(), id) else {
        return notice(&format!(
            "There is no FAQ entry `{}`. Start typing in `id:` to pick one.",
            truncate(id, 100)
        ));
    };
    let custom_id = format!("{EDIT_FORM}{id}:{}", found.version);
    let too_long = |s: &str| limits::char_len(s) > INPUT_MAX;
    if limits::char_len(&custom_id) > limits::CUSTOM_ID
        || too_long(&found.draft.alternates.join("\n"))
        || too_long(&found.draft.answer)
    {
        return notice(&format!(
            "`{id}` is too long to edit in a Discord form; edit `{}` instead.",
            found.file.display()
        ));
    }
    form(
        &custom_id,
        &format!("Edit {id}"),
        entry_fields(Some(&found.draft)),
    )
}

/// The empty add form for a new id in a topic file.
pub(super) fn add_form(bot: &Bot, topic: &str, id: &str) -> CreateInteractionResponse {
    if let Err(text) = check_new_entry(bot, topic, id) {
        return notice(&text);
    }
    let custom_id = format!("{ADD_FORM}{topic}:{id}");
    if limits::char_len(&custom_id) > limits::CUSTOM_ID {
        return notice("The id and topic are too long together; choose a shorter id.");
    }
    form(&custom_id, &format!("New entry {id}"), entry_fields(None))
}

/// `Err` with the reason when `id` cannot be added to `topic`.
pub(super) fn check_new_entry(bot: &Bot, topic: &str, id: &str) -> Result<(), String> {
    if !faq_edit::is_valid_id(id) {
        return Err(format!(
            "`{}` is not a valid id: use lowercase letters and digits joined by dashes, e.g. `phlebotomy-salary`.",
            truncate(id, 100)
        ));
    }
    let topics = faq_edit::topics(bot.editor.dir());
    if !topics.iter().any(|t| t == topic) {
        return Err(format!(
            "There is no topic file `{}`. Topics: {}.",
            truncate(topic, 100),
            topics.join(", ")
        ));
    }
    if let Some(found) = faq_edit::locate(bot.editor.dir(), id) {
        return Err(format!(
            "An entry `{id}` already exists (in `{}`); use `/faq edit`.",
            found.file.display()
        ));
    }
    Ok(())
}

/// The five fields of an entry, prefilled from `draft`.
fn entry_fields(draft: Option<&Draft>) -> Vec<CreateActionRow> {
    let d = draft.cloned().unwrap_or_default();
    vec![
        input(
            QUESTION,
            "Question (the answer's title)",
            InputTextStyle::Short,
            &d.question,
            true,
            limits::EMBED_TITLE,
        )
        .placeholder("How much does a phlebotomist make?"),
        input(
            ALTERNATES,
            "Other ways members ask it, one per line",
            InputTextStyle::Paragraph,
            &d.alternates.join("\n"),
            true,
            INPUT_MAX,
        )
        .placeholder("At least 3, in members' words: phlebotomist pay\nhow much do phlebs earn"),
        input(
            ANSWER,
            "Answer (Discord markdown)",
            InputTextStyle::Paragraph,
            &d.answer,
            true,
            limits::MESSAGE_CONTENT,
        ),
        input(
            SOURCE,
            "Source (needed for $ or % figures)",
            InputTextStyle::Short,
            d.source.as_deref().unwrap_or(""),
            false,
            limits::EMBED_FOOTER,
        )
        .placeholder("e.g. BLS, May 2023"),
        input(
            RELATED,
            "Related entry ids, comma-separated",
            InputTextStyle::Short,
            &d.related.join(", "),
            false,
            1000,
        )
        .placeholder("e.g. mlt-salary, job-outlook"),
    ]
    .into_iter()
    .map(CreateActionRow::InputText)
    .collect()
}

fn input(
    id: &str,
    label: &str,
    style: InputTextStyle,
    value: &str,
    required: bool,
    max: usize,
) -> CreateInputText {
    let mut i = CreateInputText::new(style, label, id)
        .required(required)
        .max_length(max as u16);
    if !value.is_empty() {
        i = i.value(truncate(value, max));
    }
    i
}

fn form(custom_id: &str, title: &str, rows: Vec<CreateActionRow>) -> CreateInteractionResponse {
    CreateInteractionResponse::Modal(
        CreateModal::new(custom_id, truncate(title, MODAL_TITLE)).components(rows),
    )
}

/// The add form opened from a gap: the gap's question and its other phrasings filled in, a
/// suggested id and the topic of the nearest entry.
pub(super) fn gap_form(bot: &Bot, question: &str, others: &[String]) -> CreateInteractionResponse {
    let index = bot.state.index();
    let corpus = index.corpus();
    let topic = match index.rank(question) {
        Ranking::Ranked(c) if !c.is_empty() => corpus.entries[c[0].entry].topic.clone(),
        _ => faq_edit::topics(bot.editor.dir())
            .into_iter()
            .next()
            .unwrap_or_default(),
    };
    let mut id = suggested_id(question);
    let base = id.clone();
    let mut n = 2;
    while corpus.entry(&id).is_some() {
        id = format!("{base}-{n}");
        n += 1;
    }
    let draft = Draft {
        question: question.to_string(),
        alternates: others.to_vec(),
        ..Draft::default()
    };
    let mut rows = vec![
        CreateActionRow::InputText(input(
            ID,
            "Id (lowercase words joined by dashes)",
            InputTextStyle::Short,
            &id,
            true,
            80,
        )),
        CreateActionRow::InputText(
            input(
                TOPIC,
                "Topic file",
                InputTextStyle::Short,
                &topic,
                true,
                100,
            )
            .placeholder(truncate(
                &faq_edit::topics(bot.editor.dir()).join(", "),
                100,
            )),
        ),
    ];
    // A modal has at most five rows: the gap form has no source or related fields (add them
    // with /faq edit afterwards).
    rows.extend(entry_fields(Some(&draft)).into_iter().take(3));
    form(GAP_FORM, "New entry from an unanswered question", rows)
}

/// An id made of the question's first meaningful words.
fn suggested_id(question: &str) -> String {
    let words: Vec<String> = crate::text::normalize::tokenize(question)
        .into_iter()
        .filter(|w| !crate::text::stopwords::is_stopword(w))
        .map(|w| {
            w.chars()
                .filter(|c| c.is_ascii_alphanumeric())
                .collect::<String>()
        })
        .filter(|w| !w.is_empty())
        .take(5)
        .collect();
    let id = words.join("-");
    if faq_edit::is_valid_id(&id) {
        id
    } else {
        "new-entry".to_string()
    }
}
