//! A message as a turn of a conversation (`faqbot::conversation`), on the shipped FAQ: several
//! questions in one message, and follow-ups that inherit the role of the member's previous
//! question. Each test is a kind, with its variants.

use std::path::Path;
use std::sync::OnceLock;

use faqbot::conversation::{self, Turn, MAX_QUESTIONS};
use faqbot::matcher::Thresholds;
use faqbot::reply::{DeclineReason, Reply};
use faqbot::state::FaqState;

fn shipped() -> &'static FaqState {
    static STATE: OnceLock<FaqState> = OnceLock::new();
    STATE.get_or_init(|| {
        FaqState::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("faq"))
            .unwrap()
            .0
    })
}

fn turn(text: &str, previous_role: Option<&str>) -> Turn {
    conversation::reply(
        &shipped().index(),
        text,
        &Thresholds::default(),
        previous_role,
    )
}

fn answered(turn: &Turn) -> Vec<String> {
    turn.parts
        .iter()
        .filter_map(|p| match &p.reply {
            Reply::Answer(a) => Some(a.id.clone()),
            _ => None,
        })
        .collect()
}

fn the_answer(turn: &Turn) -> String {
    assert_eq!(turn.parts.len(), 1, "{turn:?}");
    match &turn.parts[0].reply {
        Reply::Answer(a) => a.id.clone(),
        other => panic!("not answered: {other:?}"),
    }
}

#[test]
fn several_questions_in_one_message_are_each_answered() {
    for (text, expected) in [
        (
            "How long is the MLT program? How much do MLTs make?",
            &["mlt-degree-length", "mlt-salary"][..],
        ),
        (
            "what does a phlebotomist do?? where do medical assistants work?",
            &["what-is-a-phlebotomist", "medical-assistant:workplaces"][..],
        ),
        (
            "I'm a senior in high school. How long is the MLT program? How much do MLTs make? thanks!",
            &["mlt-degree-length", "mlt-salary"][..],
        ),
    ] {
        let t = turn(text, None);
        assert!(t.is_several(), "{text}: {t:?}");
        assert_eq!(answered(&t), expected, "{text}");
        assert!(t.answered);
    }
}

#[test]
fn what_several_questions_cannot_answer_is_said() {
    let t = turn(
        "How much do MLTs make? What is the tuition at my local college?",
        None,
    );
    assert_eq!(t.parts.len(), 2, "{t:?}");
    assert_eq!(answered(&t), ["mlt-salary"]);
    match &t.parts[1].reply {
        Reply::Decline(d) => assert!(matches!(d.reason, DeclineReason::NotCovered(_)), "{d:?}"),
        other => panic!("{other:?}"),
    }
    assert_eq!(
        t.parts[1].question,
        "What is the tuition at my local college?"
    );
}

#[test]
fn a_message_with_one_real_question_is_read_as_one_question() {
    for text in [
        "I'm a senior in high school thinking about becoming a lab tech, what kind of degree would I need and how long does it take?",
        "hi? how much do MLTs make?",
        "what? really? how much do MLTs make?",
        "mlt salary",
        "how much do MLTs make? (asking for a friend)",
    ] {
        let t = turn(text, None);
        assert!(!t.is_several(), "{text}: {t:?}");
        assert_eq!(t.parts[0].question, text);
    }
}

#[test]
fn the_same_question_asked_twice_in_a_message_gets_one_answer() {
    let t = turn("How much do MLTs make? What is the MLT salary?", None);
    assert_eq!(answered(&t), ["mlt-salary"], "{t:?}");
}

#[test]
fn questions_past_the_limit_are_counted_not_dropped_silently() {
    let text = "How much do MLTs make? How long is the MLT program? What does a phlebotomist do? \
                Where do medical assistants work? What is NAACLS? What is an MLS?";
    let t = turn(text, None);
    assert!(t.parts.len() <= MAX_QUESTIONS, "{t:?}");
    assert_eq!(t.unasked, 6 - MAX_QUESTIONS);
}

#[test]
fn a_follow_up_that_points_back_inherits_the_previous_role() {
    for (previous, text, expected) in [
        (
            "phlebotomist",
            "and where do they work?",
            "phlebotomist:workplaces",
        ),
        (
            "phlebotomist",
            "where do they work",
            "phlebotomist:workplaces",
        ),
        (
            "medical-assistant",
            "and where do they work?",
            "medical-assistant:workplaces",
        ),
    ] {
        let t = turn(text, Some(previous));
        assert_eq!(the_answer(&t), expected, "{previous} then {text}");
        assert!(t.parts[0].inherited.is_some());
        assert_eq!(t.role.as_deref(), Some(previous), "the subject carries on");
    }
}

#[test]
fn a_follow_up_inherits_only_the_role_not_the_rest_of_the_question() {
    // "what does a phlebotomist do?" then "and where do they work?": workplaces, not duties.
    let first = turn("what does a phlebotomist do?", None);
    assert_eq!(the_answer(&first), "what-is-a-phlebotomist");
    let next = turn("and where do they work?", first.role.as_deref());
    assert_eq!(the_answer(&next), "phlebotomist:workplaces");
}

#[test]
fn a_follow_up_in_the_same_message_inherits_from_the_question_before_it() {
    let t = turn("What does a phlebotomist do? And where do they work?", None);
    assert_eq!(
        answered(&t),
        ["what-is-a-phlebotomist", "phlebotomist:workplaces"]
    );
    assert!(t.parts[1].inherited.is_some());
}

#[test]
fn what_the_source_does_not_state_for_the_previous_role_is_said() {
    let t = turn("and how much do they make?", Some("phlebotomist"));
    match &t.parts[0].reply {
        Reply::Decline(d) => assert!(
            matches!(&d.reason, DeclineReason::NotStated { role, .. } if role.contains("hlebotom")),
            "{d:?}"
        ),
        other => panic!("another role's pay is not the answer: {other:?}"),
    }
}

#[test]
fn a_question_without_a_previous_role_is_read_on_its_own() {
    let t = turn("and where do they work?", None);
    assert!(t.parts[0].inherited.is_none());
    assert_eq!(the_answer(&t), "where-do-lab-techs-work");
}

#[test]
fn a_question_that_names_its_own_role_does_not_inherit() {
    let t = turn("where do medical assistants work?", Some("phlebotomist"));
    assert_eq!(the_answer(&t), "medical-assistant:workplaces");
    assert!(t.parts[0].inherited.is_none());
    assert_eq!(t.role.as_deref(), Some("medical-assistant"));
}

#[test]
fn an_unrelated_question_keeps_its_own_answer() {
    for text in ["what is NAACLS?", "mlt salary"] {
        let alone = turn(text, None);
        let after = turn(text, Some("phlebotomist"));
        assert_eq!(the_answer(&after), the_answer(&alone), "{text}");
        assert!(after.parts[0].inherited.is_none(), "{text}");
    }
}

#[test]
fn a_question_about_another_field_or_no_question_never_inherits() {
    for text in ["how much does a pharmacy technician make", "hi", "thanks!"] {
        let t = turn(text, Some("mlt"));
        assert!(t.parts[0].inherited.is_none(), "{text}: {t:?}");
        assert!(!t.answered, "{text}");
        assert_eq!(t.role, None);
    }
}

#[test]
fn an_unknown_previous_role_is_ignored() {
    // The role was renamed in roles.toml since: the question is read on its own.
    let t = turn("and where do they work?", Some("no-such-role"));
    assert!(t.parts[0].inherited.is_none());
}

#[test]
fn a_follow_up_that_does_not_point_back_takes_the_role_when_that_answers_it() {
    // On its own each is answered about lab technicians (the main role); after a question
    // about phlebotomists, about phlebotomists.
    for (text, alone_id, after_id) in [
        (
            "what certification is needed?",
            "which-certifications",
            "phlebotomy-technician-specialization",
        ),
        (
            "which certification should I get?",
            "which-certifications",
            "phlebotomy-technician-specialization",
        ),
        (
            "where is the work?",
            "where-do-lab-techs-work",
            "phlebotomist:workplaces",
        ),
    ] {
        assert_eq!(the_answer(&turn(text, None)), alone_id, "{text}");
        let after = turn(text, Some("phlebotomist"));
        assert_eq!(the_answer(&after), after_id, "{text}");
        assert!(after.parts[0].inherited.is_some(), "{text}");
    }
}
