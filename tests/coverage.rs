//! Answer only what the FAQ covers (issue 11): an entry is the answer only when it accounts for
//! everything the question asks. One regression test per kind of bad answer, each with variants
//! written for it (the examples in the issue are other questions).

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

fn declined(q: &str) -> DeclineReason {
    match reply(q) {
        Reply::Decline(d) => d.reason,
        other => panic!("{q:?} should be declined: {other:?}"),
    }
}

/// Declined, naming `term` among what it has no answer about.
fn declined_naming(q: &str, term: &str) {
    let reason = declined(q);
    let uncovered = reason.uncovered();
    assert!(
        uncovered
            .iter()
            .any(|u| u.to_lowercase().contains(&term.to_lowercase())),
        "{q:?} declined as {reason:?}, which does not name {term:?}"
    );
}

fn answered(q: &str, ids: &[&str]) {
    match reply(q) {
        Reply::Answer(a) => assert!(
            ids.contains(&a.id.as_str()),
            "{q:?} → {}, expected {ids:?}",
            a.id
        ),
        other => panic!("{q:?} was not answered: {other:?}"),
    }
}

/// Not answered: declined or offered as suggestions, never a confident answer.
fn not_answered(q: &str) {
    if let Reply::Answer(a) = reply(q) {
        panic!("{q:?} was answered with {}", a.id);
    }
}

#[test]
fn kind_another_credential_exam_or_acronym_is_declined_and_named() {
    for (q, term) in [
        ("is the BOC exam harder than the AMT one?", "BOC"),
        ("should I get a DLM after my MLS?", "DLM"),
        ("does the NCA certification count for MLTs?", "NCA"),
        ("is an SBB worth getting as a blood bank tech?", "SBB"),
        ("how do I get a QLS as an MLS?", "QLS"),
    ] {
        declined_naming(q, term);
    }
    // The credentials the FAQ knows are still answered.
    answered(
        "which certifications can a lab tech get",
        &["which-certifications"],
    );
}

#[test]
fn kind_another_job_beside_ours_is_declined_though_it_names_our_role() {
    for (q, term) in [
        (
            "can a phlebotomist become a respiratory therapist?",
            "therapist",
        ),
        ("MLS or pharmacist, which pays better?", "pharmacist"),
        ("should I do MLT or become an optometrist?", "optometrist"),
        ("lab techs who switched to nursing, any regrets?", "nursing"),
        ("can an MLT work as an ultrasound tech?", "ultrasound"),
    ] {
        declined_naming(q, term);
    }
    // Another job told as the member's own situation is context, not the question.
    answered(
        "I'm a nurse, how long is MLT school?",
        &["mlt-degree-length"],
    );
    answered(
        "programmer here thinking of a career change, what skills do lab techs need?",
        &["lab-tech-skills"],
    );
}

#[test]
fn kind_qualifier_the_faq_does_not_state_is_declined() {
    for (q, what) in [
        ("how much do MLTs make in their first year?", "starting pay"),
        ("I'm 47, am I too old to start MLT school?", "age"),
        (
            "can I get into an MLT program with a 2.1 GPA?",
            "admissions",
        ),
        ("how do I study for the ASCP board exam?", "exam"),
        ("what is MLT pay in Ohio?", "state"),
        ("do Canadian MLTs need ASCP?", "canadian"),
        (
            "is the hospital lab in Fresno a good place to work?",
            "fresno",
        ),
    ] {
        declined_naming(q, what);
    }
    // The same topics without the qualifier are answered.
    answered("how much do MLTs make?", &["mlt-salary"]);
    answered("how long is MLT school", &["mlt-degree-length"]);
}

#[test]
fn kind_personal_situation_or_dilemma_is_declined() {
    for q in [
        "my supervisor yells at me every shift, should I report her?",
        "my coworker keeps taking credit for my work, what do I do?",
        "I have a DUI from college. will that keep me out of MLT clinicals?",
        "got an offer from a reference lab and another from a hospital, which should I take?",
        "has anyone else here burned out after a year on nights?",
    ] {
        declined(q);
    }
    for q in [
        "I'm shy and anxious around patients, is phlebotomy a bad idea for me?",
        "my parents think lab work is boring and beneath me, should I listen?",
    ] {
        not_answered(q);
    }
}

#[test]
fn kind_comparison_with_a_side_the_source_does_not_state_is_declined() {
    for (q, role) in [
        (
            "do medical assistants earn more than MLTs?",
            "medical assistant",
        ),
        (
            "lab assistants vs MLTs, who makes more?",
            "laboratory assistant",
        ),
        ("is phlebotomy school longer than MLT school?", "phlebotom"),
    ] {
        match declined(q) {
            DeclineReason::NotStated { role: named, .. } => {
                assert!(named.to_lowercase().contains(role), "{q:?} named {named}")
            }
            other => panic!("{q:?} declined as {other:?}, expected 'not stated'"),
        }
    }
    // Two of our roles the source does compare are answered.
    answered(
        "do technologists make more than technicians?",
        &["technologist-vs-technician-pay"],
    );
}

#[test]
fn kind_wrong_neighbour_inside_a_covered_topic_loses_to_the_entry_about_the_aspect() {
    answered("what's the typical wage for a lab tech?", &["mlt-salary"]);
    answered("will AI replace lab techs?", &["automation-and-lab-jobs"]);
    answered(
        "What does a laboratory technologist do?",
        &["what-is-a-medical-technologist"],
    );
    // "Why is X important" asks about X: not answered by why lab work matters.
    if let Reply::Answer(a) = reply("what is ASCP certification and why does it matter?") {
        assert_ne!(a.id, "why-lab-work-matters");
    }
    // Employers' wishes are not how to find a job.
    if let Reply::Answer(a) = reply("what do hiring managers want to see in a new MLS?") {
        assert_ne!(a.id, "how-to-find-a-job");
    }
}

#[test]
fn kind_question_that_points_back_asks_about_the_sentence_before() {
    for q in [
        "I got a DWI last year. Would that stop me from getting my MLT license?",
        "I have a felony from 10 years ago. Will that keep me from getting hired in a lab?",
    ] {
        declined(q);
    }
    declined_naming(
        "I can't decide between MLT and sonography. Which one is better than the other?",
        "sonography",
    );
}

#[test]
fn kind_plural_abbreviations_are_read_as_their_singular() {
    answered(
        "do MLSes supervise MLTs?",
        &["technician-supervision-and-autonomy"],
    );
    answered("how much do CLSs make", &["technologist-vs-technician-pay"]);
    let words = index().analyzed("what do MLSs do").concat();
    assert!(
        words.contains(&"medical_technologist".to_string()),
        "{words:?}"
    );
}

#[test]
fn kind_words_run_together_are_read_apart() {
    answered("what does a phlebotomytech do", &["what-is-a-phlebotomist"]);
    answered(
        "what does a labassistant do all day",
        &["what-does-a-lab-assistant-do"],
    );
    // A real word is never split: "understanding" is not "under standing".
    let words = index().analyzed("understanding lab results").concat();
    assert!(words.contains(&"understanding".to_string()), "{words:?}");
}

#[test]
fn kind_negated_credential_keeps_its_negation() {
    let words = index()
        .analyzed("can a non-certified MLT get hired?")
        .concat();
    assert!(words.contains(&"uncertified".to_string()), "{words:?}");
    // Never answered as if it asked about getting certified.
    for q in [
        "can a non-certified MLT get hired?",
        "is an uncertified phlebotomy job worth it?",
    ] {
        if let Reply::Answer(a) = reply(q) {
            assert_eq!(a.id, "is-certification-required", "{q:?}");
        }
    }
    answered(
        "can you legally work as an uncertified lab tech?",
        &["is-certification-required"],
    );
}

#[test]
fn kind_british_spellings_read_as_american() {
    answered("how long is an MLT programme?", &["mlt-degree-length"]);
    answered(
        "how long is the MLT programme at college",
        &["mlt-degree-length"],
    );
}

#[test]
fn kind_chat_filler_and_asides_never_block_an_answer() {
    answered(
        "tbh idk much about this, wat degree 4 mlt?? tysm",
        &[
            "education-required",
            "associate-enough-for-mlt",
            "how-to-become-a-medical-technician",
        ],
    );
    answered(
        "I left my purse in the lab lol, anyway how do clinical rotations work?",
        &["what-are-clinical-rotations"],
    );
    answered(
        "~~nursing~~ lab tech school, how long is it?",
        &["mlt-degree-length"],
    );
}

#[test]
fn uncovered_terms_read_as_members_wrote_them() {
    declined_naming("is a DLM worth it for an MLS?", "DLM");
    let reason = declined("is a DLM worth it for an MLS?");
    assert!(
        reason.uncovered().iter().all(|t| !t.contains('_')),
        "{reason:?}"
    );
    let Reply::Decline(d) = reply("is a DLM worth it for an MLS?") else {
        panic!()
    };
    assert!(d.message().contains("DLM"), "{}", d.message());
}
