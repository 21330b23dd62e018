//! What a member asks, read as roles + aspects + other words (issue 6): one regression test per
//! kind of misreading, each with several variants of its own.

use std::path::Path;
use std::sync::OnceLock;

use faqbot::faq::{self, Rules};
use faqbot::matcher::{Index, Thresholds};
use faqbot::reply::{DeclineReason, Reply};

fn index() -> &'static Index {
    static INDEX: OnceLock<Index> = OnceLock::new();
    INDEX.get_or_init(|| {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("faq");
        faq::load(&dir, &Rules::inspecting())
            .expect("shipped FAQ loads")
            .index
    })
}

fn reply(q: &str) -> Reply {
    index().reply(q, &Thresholds::default())
}

/// The id answered, or a description of what happened instead.
fn answered(q: &str) -> Result<String, String> {
    match reply(q) {
        Reply::Answer(a) => Ok(a.id),
        other => Err(format!("{q:?} was not answered: {other:?}")),
    }
}

fn assert_answers(q: &str, ids: &[&str]) {
    let id = answered(q).unwrap_or_else(|e| panic!("{e}"));
    assert!(
        ids.contains(&id.as_str()),
        "{q:?} → {id}, expected one of {ids:?}"
    );
}

fn assert_declines(q: &str) -> DeclineReason {
    match reply(q) {
        Reply::Decline(d) => d.reason,
        other => panic!("{q:?} should be declined: {other:?}"),
    }
}

/// The role ids an answered entry is about.
fn roles_of(id: &str) -> Vec<String> {
    let i = index()
        .corpus()
        .entries
        .iter()
        .position(|e| e.id == id)
        .unwrap_or_else(|| panic!("{id} is not an entry"));
    index()
        .profile(i)
        .roles
        .iter()
        .map(|&r| index().corpus().roles[r].id.clone())
        .collect()
}

#[test]
fn kind_role_word_outweighs_what_is_asked() {
    // The FAQ gives no pay and no training length for these roles: say so, never answer with
    // the role's definition or another role's figures.
    for q in [
        "how much do phlebotomists make",
        "what do phlebotomists get paid",
        "phlebotomist salary?",
        "how much do medical assistants make",
        "MA pay",
        "lab assistant salary",
        "how long is phlebotomy school",
        "how long does it take to become a phlebotomist",
    ] {
        match assert_declines(q) {
            DeclineReason::NotStated { .. } => {}
            other => panic!("{q:?} declined as {other:?}, expected 'not stated'"),
        }
    }
    // Where the FAQ or the role profile does say it, that is the answer.
    assert_answers(
        "how long is medical assistant training",
        &["medical-assistant-program-length"],
    );
    assert_answers("where do phlebotomists work", &["phlebotomist:workplaces"]);
    // Getting a first job is about finding one, not about what a first job is like.
    for q in [
        "how do i get my first lab tech job",
        "tips for landing my first job as an mlt",
        "how can I find my first MLT job",
    ] {
        assert_answers(q, &["how-to-find-a-job"]);
    }
}

#[test]
fn kind_not_stated_declines_point_to_what_the_faq_says_without_giving_a_figure() {
    let Reply::Decline(d) = reply("how much do phlebotomists make") else {
        panic!("answered");
    };
    assert!(d.suggestions.iter().any(|s| s.id == "mlt-salary"), "{d:?}");
    let message = d.message();
    assert!(
        !message.contains('$') && !message.contains('%'),
        "{message}"
    );
    assert!(message.contains("pay"), "{message}");
}

#[test]
fn kind_excluded_role_is_not_the_subject() {
    for (q, excluded) in [
        (
            "I don't want to be a medical assistant, what does an MLT do?",
            "medical-assistant",
        ),
        (
            "not an MA, what does a lab tech do all day",
            "medical-assistant",
        ),
        (
            "rather than a phlebotomist, how do I become an MLT",
            "phlebotomist",
        ),
        (
            "instead of being a medical assistant, what do MLTs make?",
            "medical-assistant",
        ),
        (
            "I'm not a medical assistant, I'm a lab tech. what certifications can I get?",
            "medical-assistant",
        ),
        ("what is higher than a phlebotomist?", "phlebotomist"),
    ] {
        // Answered, or offered first: never an entry about the excluded role alone.
        let id = match reply(q) {
            Reply::Answer(a) => a.id,
            Reply::Clarify(c) => c.suggestions[0].id.clone(),
            other => panic!("{q:?} → {other:?}"),
        };
        let roles = roles_of(&id);
        assert!(
            !(roles.len() == 1 && roles[0] == excluded),
            "{q:?} → {id}, an entry about the excluded role"
        );
    }
}

#[test]
fn kind_state_code_is_not_a_role() {
    for q in [
        "how much do pharmacists make in MA",
        "how much do nurses make in MT",
        "what do dental hygienists earn in MA",
    ] {
        assert_declines(q);
    }
    // "in MA" names no role: the answer is not about medical assistants.
    if let Reply::Answer(a) = reply("are there lab tech jobs in MA") {
        assert!(
            !roles_of(&a.id).contains(&"medical-assistant".to_string()),
            "{}",
            a.id
        );
    }
    // Where it can be the role, it is.
    assert_answers("what does an MA do", &["what-does-a-medical-assistant-do"]);
    assert_answers(
        "what do you learn in MA school",
        &["medical-assistant-program-length"],
    );
}

#[test]
fn kind_stem_shared_with_another_field_is_not_a_lab_question() {
    for q in [
        "which programming certification should I get",
        "is a coding bootcamp worth it",
        "how do i get into marketing",
        "what accounting certification should i get",
        "software developer salary",
    ] {
        assert_declines(q);
    }
}

#[test]
fn kind_only_a_role_or_one_generic_word_gets_that_roles_topics() {
    for (q, role) in [
        ("tech", "mlt"),
        ("mlt", "mlt"),
        ("MLT?", "mlt"),
        ("mls", "mt-mls"),
        ("phlebotomy", "phlebotomist"),
        ("medical assistant", "medical-assistant"),
        ("career?", "mlt"),
        ("lab", "mlt"),
    ] {
        match reply(q) {
            Reply::Clarify(c) => {
                assert!(c.about.is_some(), "{q:?}: {c:?}");
                assert!(c.suggestions.len() >= 2, "{q:?}: {c:?}");
                for s in &c.suggestions {
                    assert!(
                        roles_of(&s.id).contains(&role.to_string()),
                        "{q:?}: {}",
                        s.id
                    );
                }
            }
            other => panic!("{q:?} → {other:?}"),
        }
    }
}

#[test]
fn kind_spelling_never_produces_another_fields_word() {
    assert_answers(
        "I left my purse in the lab, how do clinical rotations work?",
        &["what-are-clinical-rotations"],
    );
    if let Reply::Decline(d) = reply("is lab work good for mental health") {
        assert!(!matches!(d.reason, DeclineReason::OffTopic(_)), "{d:?}");
    }
    for (q, word) in [
        ("I left my purse in the lab", "purse"),
        ("is lab work good for mental health", "mental"),
        ("my nurse said the lab is dental", "nurse"),
        ("i thought it was just staring at blood", "staring"),
    ] {
        let words = index().analyzed(q).concat();
        assert!(words.contains(&word.to_string()), "{q:?} read as {words:?}");
    }
}

#[test]
fn kind_accents_and_unicode_are_folded() {
    assert_answers("what should I put on my résumé", &["resume-tips"]);
    assert_answers(
        "naïve question: how long is mlt school",
        &["mlt-degree-length"],
    );
    assert_answers("ＭＬＴ salary", &["mlt-salary"]);
}

#[test]
fn kind_dotted_abbreviations_stay_whole() {
    assert_answers("what does a M.T. do", &["what-is-a-medical-technologist"]);
    assert_answers("how long is an A.A.S. in M.L.T.", &["mlt-degree-length"]);
    assert_answers(
        "what does an M.L.S. do?",
        &["what-is-a-medical-technologist"],
    );
    // "Mt. Sinai" is a hospital, not a medical technologist.
    let words = index().analyzed("I work at Mt. Sinai").concat();
    assert!(
        !words.iter().any(|w| w.contains("technologist")),
        "{words:?}"
    );
}

#[test]
fn kind_chat_markup_is_not_words() {
    assert_answers(
        "<:nurse:123456789012345678> how do clinical rotations work",
        &["what-are-clinical-rotations"],
    );
    assert_answers("<a:pharmacy:42> what does an MLT make", &["mlt-salary"]);
    assert_answers("what does an M**L**T make", &["mlt-salary"]);
    assert_answers("<@123456> how long is mlt school", &["mlt-degree-length"]);
    assert_answers("||how much do mlts make||", &["mlt-salary"]);
    assert!(matches!(
        assert_declines("how long is __phleb__otomy school?"),
        DeclineReason::NotStated { .. }
    ));
}

#[test]
fn kind_question_after_a_long_list_or_story_is_read() {
    let numbers: Vec<String> = (1..=40).map(|n| n.to_string()).collect();
    let q = format!("{}, how much do MLTs make?", numbers.join(", "));
    assert_answers(&q, &["mlt-salary"]);
    let story = "I worked retail for six years and I hated it. ".repeat(30);
    assert_answers(
        &format!("{story} Anyway, how long is MLT school?"),
        &["mlt-degree-length"],
    );
    let list = "- item\n".repeat(60);
    assert_answers(
        &format!("{list}what does a phlebotomist do?"),
        &["what-is-a-phlebotomist"],
    );
}

#[test]
fn kind_question_about_something_no_entry_covers_is_declined_not_answered_by_a_neighbour() {
    for q in [
        "What is the tuition for the MLT program?",
        "my GPA is 2.6 after a rough year, will any MLS program take me?",
        "What immunizations are required for the MLT program?",
        "When was NAACLS formed?",
        "What are New York's licensing requirements for lab techs?",
        "Do traveling MLTs make more than staff techs?",
        "what's the dress code for clinical rotations?",
    ] {
        match assert_declines(q) {
            DeclineReason::NotCovered(_) => {}
            other => panic!("{q:?} declined as {other:?}, expected 'not covered'"),
        }
    }
    // An uncovered detail told around a question about something covered does not sink it.
    assert_answers(
        "what even is naacls, the cheapest school near me doesnt mention it. should i care??",
        &["what-is-naacls", "why-accreditation-matters"],
    );
    assert!(matches!(
        reply(
            "What if I can't afford a 4-year university? Are there lab careers that don't require a bachelor's degree?"
        ),
        Reply::Answer(_) | Reply::Clarify(_)
    ));
}

#[test]
fn kind_comparison_with_another_field_is_declined_though_it_names_our_role() {
    for q in [
        "radiology tech vs MLT which pays more?",
        "cytotech vs MLS, which has better job prospects?",
        "is accounting a more stable career than MLT?",
    ] {
        match assert_declines(q) {
            DeclineReason::OffTopic(_) => {}
            other => panic!("{q:?} declined as {other:?}, expected another field"),
        }
    }
    // A comparison of our own roles is answered with the entry about both of them.
    assert_answers("mlt vs phlebotomist", &["what-is-a-phlebotomist"]);
    assert_answers(
        "difference between MLT and MLS",
        &["technician-vs-technologist"],
    );
}
