//! The moderator workflow end to end, through the real serenity client against the fake Discord:
//! editing, adding and removing entries from Discord (forms, conflicts, refusals, forged ids, the
//! audit message) and reloads refused by a check.

use crate::support::*;
use fake_discord::*;
use serde_json::json;
use std::time::Duration;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_edit_form_round_trips_into_the_file_and_is_announced_without_pings() {
    let bot = start(|_, _| {}).await;
    let id = "mlt-degree-length";
    let (_, form) = bot.faq(&moderator(), "edit", vec![opt_str("id", id)]).await;
    let (custom_id, mut fields) = form_of(&form);
    assert!(
        custom_id.starts_with("faq:edit:mlt-degree-length:"),
        "{custom_id}"
    );
    let entry = bot.state.index().corpus().entry(id).unwrap().clone();
    assert_eq!(fields["question"], entry.question);
    assert_eq!(fields["alternates"], entry.alternates.join("\n"));
    assert_eq!(fields["answer"], entry.answer);
    assert_eq!(fields["source"], entry.source.clone().unwrap());

    let file = bot.topic_file("education");
    let before = std::fs::read_to_string(&file).unwrap();
    fields
        .get_mut("answer")
        .unwrap()
        .push_str("\n\nPart-time programs take longer.");
    let result = bot.submit(&moderator(), &custom_id, &fields).await;
    assert!(
        text_of(&result).contains("✅ `mlt-degree-length` edited"),
        "{result}"
    );
    assert_pings_nobody(&result);

    let after = std::fs::read_to_string(&file).unwrap();
    assert_eq!(
        around_entry(&before, id),
        around_entry(&after, id),
        "only the entry changed"
    );
    assert!(
        after.starts_with("# FAQ entries about education"),
        "comments kept"
    );
    assert!(after.contains("Part-time programs take longer.\n\"\"\""));

    let (_, shown) = bot
        .faq(&member_id(50), "show", vec![opt_str("id", id)])
        .await;
    assert!(text_of(&shown["data"]).contains("Part-time programs take longer."));

    let audit = bot
        .fake
        .wait_for_request(
            |r| r.is("POST", &format!("/channels/{AUDIT}/messages")),
            DEFAULT_TIMEOUT,
        )
        .await
        .json()
        .clone();
    let content = audit["content"].as_str().unwrap();
    assert!(
        content.contains("`mlt-degree-length` edited by <@42> (mod)"),
        "{content}"
    );
    assert!(
        content.contains("education.toml") && content.contains("<t:"),
        "{content}"
    );
    assert_eq!(audit["embeds"][0]["title"], "Before");
    assert!(!audit["embeds"][0]["description"]
        .as_str()
        .unwrap()
        .contains("Part-time"));
    assert_eq!(audit["embeds"][1]["title"], "After");
    assert!(audit["embeds"][1]["description"]
        .as_str()
        .unwrap()
        .contains("Part-time"));
    assert_pings_nobody(&audit);
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_second_moderator_submitting_a_stale_form_gets_a_conflict_not_an_overwrite() {
    let bot = start(|_, _| {}).await;
    let id = "mlt-degree-length";
    let (_, first_form) = bot.faq(&moderator(), "edit", vec![opt_str("id", id)]).await;
    let (_, second_form) = bot
        .faq(&other_moderator(), "edit", vec![opt_str("id", id)])
        .await;
    let (first_id, mut first) = form_of(&first_form);
    let (second_id, mut second) = form_of(&second_form);
    assert_eq!(first_id, second_id, "same entry, same version");

    first
        .get_mut("answer")
        .unwrap()
        .push_str(" First moderator's sentence.");
    second
        .get_mut("answer")
        .unwrap()
        .push_str(" Second moderator's sentence.");
    let ok = bot.submit(&moderator(), &first_id, &first).await;
    assert!(text_of(&ok).contains("✅"), "{ok}");
    let conflict = bot.submit(&other_moderator(), &second_id, &second).await;
    let text = text_of(&conflict);
    assert!(
        text.contains("was changed since you opened the form"),
        "{text}"
    );
    assert!(
        text.contains("Second moderator's sentence."),
        "their text is given back: {text}"
    );
    let file = std::fs::read_to_string(bot.topic_file("education")).unwrap();
    assert!(file.contains("First moderator's sentence."));
    assert!(!file.contains("Second moderator's sentence."));
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_rejected_edit_is_explained_privately_and_leaves_the_file_byte_identical() {
    let bot = start(|_, _| {}).await;
    let id = "mlt-degree-length";
    let file = bot.topic_file("education");
    let original = std::fs::read(&file).unwrap();

    // Invalid as a file would be: too few alternates, a figure without a source.
    let (_, form) = bot.faq(&moderator(), "edit", vec![opt_str("id", id)]).await;
    let (custom_id, mut fields) = form_of(&form);
    fields.insert("alternates".into(), "just one way".into());
    fields.insert(
        "answer".into(),
        "It takes two years and pays $50,000.".into(),
    );
    fields.insert("source".into(), String::new());
    let result = bot.submit(&moderator(), &custom_id, &fields).await;
    let text = text_of(&result);
    assert!(text.contains("Not saved: 2 problem(s)"), "{text}");
    assert!(
        text.contains("education.toml:") && text.contains("entry[mlt-degree-length].alternates"),
        "{text}"
    );
    assert!(text.contains("entry[mlt-degree-length].source"), "{text}");
    assert!(
        text.contains("pays $50,000."),
        "their text is given back: {text}"
    );
    assert_eq!(std::fs::read(&file).unwrap(), original);

    // Valid as a file, but it breaks a regression question: refused at the check's line.
    let (custom_id, mut fields) = form_of(
        &bot.faq(&moderator(), "edit", vec![opt_str("id", id)])
            .await
            .1,
    );
    fields.insert("answer".into(), "It depends on the school.".into());
    let result = bot.submit(&moderator(), &custom_id, &fields).await;
    let text = text_of(&result);
    assert!(
        text.contains("checks.txt:") && text.contains("how many years is an mlt associate degree"),
        "{text}"
    );
    assert_eq!(std::fs::read(&file).unwrap(), original);
    let (_, shown) = bot
        .faq(&member_id(50), "show", vec![opt_str("id", id)])
        .await;
    assert!(text_of(&shown["data"]).contains("two years"));
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_entry_added_from_discord_is_answered_and_removing_it_restores_the_file() {
    let bot = start(|_, _| {}).await;
    let file = bot.topic_file("jobs");
    let original = std::fs::read_to_string(&file).unwrap();
    let id = "phlebotomy-night-shifts";
    let (_, form) = bot
        .faq(
            &moderator(),
            "add",
            vec![opt_str("id", id), opt_str("topic", "jobs")],
        )
        .await;
    let (custom_id, mut fields) = form_of(&form);
    assert_eq!(custom_id, format!("faq:add:jobs:{id}"));
    assert!(
        fields.values().all(String::is_empty),
        "an empty form: {fields:?}"
    );
    fields.insert(
        "question".into(),
        "Do phlebotomists work night shifts?".into(),
    );
    fields.insert(
        "alternates".into(),
        "phlebotomy night shift\ndo phlebs work nights\nnight shift phlebotomist".into(),
    );
    fields.insert(
        "answer".into(),
        "Many hospital phlebotomists work **early morning or night shifts**, when blood is drawn before rounds.".into(),
    );
    let result = bot.submit(&moderator(), &custom_id, &fields).await;
    assert!(
        text_of(&result).contains(&format!("✅ `{id}` added")),
        "{result}"
    );
    let added = std::fs::read_to_string(&file).unwrap();
    assert!(added.starts_with(&original));
    let reply = bot
        .mention_reply(user(50, "member"), "do phlebs work nights")
        .await;
    assert_eq!(
        reply["embeds"][0]["title"],
        "Do phlebotomists work night shifts?"
    );

    let (payload, deferred) = bot
        .faq(&moderator(), "remove", vec![opt_str("id", id)])
        .await;
    assert_eq!(deferred["type"], 5);
    let prompt = bot.edited(&payload).await;
    assert!(
        text_of(&prompt).contains(&format!("Remove `{id}`")),
        "{prompt}"
    );
    let confirm = prompt["components"][0]["components"][0]["custom_id"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(confirm.starts_with(&format!("faq:remove:{id}:")));
    let message = bot_message(fresh_id(), CHANNEL, "", prompt["components"].clone());
    let (click, update) = bot
        .interact(interaction_component(&moderator(), &confirm, message))
        .await;
    assert_eq!(update["type"], 7, "the prompt is replaced: {update}");
    assert_eq!(update["data"]["components"], json!([]), "no second click");
    let done = bot.edited(&click).await;
    assert!(
        text_of(&done).contains(&format!("✅ `{id}` removed")),
        "{done}"
    );
    assert_eq!(std::fs::read_to_string(&file).unwrap(), original);
    assert!(bot.state.index().corpus().entry(id).is_none());
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn removing_an_entry_others_link_to_is_refused_before_asking() {
    let bot = start(|_, _| {}).await;
    let (payload, _) = bot
        .faq(
            &moderator(),
            "remove",
            vec![opt_str("id", "mlt-degree-length")],
        )
        .await;
    let prompt = bot.edited(&payload).await;
    let text = text_of(&prompt);
    assert!(text.contains("cannot be removed"), "{text}");
    assert!(
        text.contains("`mlt-degree-length` is not the id of any entry"),
        "{text}"
    );
    assert!(prompt["components"].as_array().is_none_or(|c| c.is_empty()));
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn members_cannot_edit_not_even_with_a_forged_form_or_button() {
    let bot = start(|_, _| {}).await;
    let file = bot.topic_file("education");
    let original = std::fs::read(&file).unwrap();
    for sub in ["edit", "remove", "gaps", "stats"] {
        let (_, refused) = bot
            .faq(
                &member_id(50),
                sub,
                vec![opt_str("id", "mlt-degree-length")],
            )
            .await;
        assert_eq!(refused["type"], 4, "{sub}: {refused}");
        assert!(
            text_of(&refused["data"]).contains("Only moderators"),
            "{sub}"
        );
        assert_eq!(
            refused["data"]["flags"].as_u64().unwrap() & EPHEMERAL,
            EPHEMERAL
        );
    }
    // A moderator's form, submitted by a member who copied its custom id.
    let (_, form) = bot
        .faq(
            &moderator(),
            "edit",
            vec![opt_str("id", "mlt-degree-length")],
        )
        .await;
    let (custom_id, mut fields) = form_of(&form);
    fields.insert("answer".into(), "Forged answer.".into());
    let refused = bot.submit(&member_id(50), &custom_id, &fields).await;
    assert!(text_of(&refused).contains("Only moderators"), "{refused}");
    // A forged removal button.
    let forged = "faq:remove:mlt-salary:0000000000000000";
    let message = bot_message(fresh_id(), CHANNEL, "", json!([]));
    let (_, refused) = bot
        .interact(interaction_component(&member_id(50), forged, message))
        .await;
    assert!(
        text_of(&refused["data"]).contains("Only moderators"),
        "{refused}"
    );
    assert_eq!(std::fs::read(&file).unwrap(), original);
    assert!(bot.state.index().corpus().entry("mlt-salary").is_some());
    bot.fake
        .assert_no_request_within(
            |r| r.is("POST", &format!("/channels/{AUDIT}/messages")),
            Duration::from_millis(300),
        )
        .await;
    bot.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn faq_reload_refuses_a_file_change_that_breaks_a_check() {
    let bot = start(|_, _| {}).await;
    let file = bot.topic_file("education");
    let text = std::fs::read_to_string(&file)
        .unwrap()
        .replace("typically takes **two years**", "takes a while");
    std::fs::write(&file, text).unwrap();
    let reload = bot.faq_result(&moderator(), "reload", vec![]).await;
    let text = text_of(&reload);
    assert!(text.contains("Reload failed"), "{text}");
    assert!(
        text.contains("checks.txt:") && text.contains("error: check:"),
        "{text}"
    );
    let (_, shown) = bot
        .faq(
            &member_id(50),
            "show",
            vec![opt_str("id", "mlt-degree-length")],
        )
        .await;
    assert!(
        text_of(&shown["data"]).contains("two years"),
        "the old answer is served"
    );
    bot.stop().await;
}
