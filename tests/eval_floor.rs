//! The dev set (a copy of ../shared/eval/dev.txt), a paraphrase set, a forum-style set and real
//! forum questions (a copy of ../shared/eval/real-dev.txt) keep a floor: at least 90% of in-scope
//! questions answered correctly and every out-of-scope one declined on the dev set, and never a
//! confident wrong answer on the sets written for the FAQ. Real forum posts are harder: their floor
//! pins what the matcher does today, so a change that answers more of them wrongly fails.

use std::path::Path;

use faqbot::eval::{parse, run, Verdict};
use faqbot::faq::{self, Rules};
use faqbot::matcher::Thresholds;

fn evaluate(file: &str) -> (faqbot::eval::Summary, Vec<String>) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let index = faq::load(&root.join("faq"), &Rules::inspecting())
        .unwrap()
        .index;
    let text = std::fs::read_to_string(root.join("tests/data").join(file)).unwrap();
    let cases = parse(&text).unwrap();
    let (outcomes, summary) = run(&index, &Thresholds::default(), &cases);
    let misses = outcomes
        .iter()
        .filter(|o| o.verdict != Verdict::Correct)
        .map(|o| {
            format!(
                "{:?} line {}: {} → {:?}",
                o.verdict, o.case.line, o.case.question, o.reply
            )
        })
        .collect();
    (summary, misses)
}

#[test]
fn dev_set_floor() {
    let (s, misses) = evaluate("dev.txt");
    let report = misses.join("\n");
    assert!(s.in_scope >= 30 && s.out_of_scope >= 10, "{s:?}");
    assert!(s.in_scope_rate() >= 0.90, "{s:?}\n{report}");
    assert_eq!(s.out_of_scope_declined, s.out_of_scope, "{report}");
    assert_eq!(s.wrong_answers, 0, "{report}");
}

#[test]
fn paraphrase_set_floor() {
    let (s, misses) = evaluate("paraphrases.txt");
    let report = misses.join("\n");
    assert!(s.in_scope_rate() >= 0.85, "{s:?}\n{report}");
    assert!(s.out_of_scope_rate() >= 0.85, "{s:?}\n{report}");
    assert_eq!(s.wrong_answers, 0, "{report}");
}

#[test]
fn forum_style_set_floor() {
    // Long, rambling, typo'd posts: answering fewer is acceptable, answering wrongly is not.
    let (s, misses) = evaluate("forum.txt");
    let report = misses.join("\n");
    assert!(s.in_scope_rate() >= 0.6, "{s:?}\n{report}");
    assert_eq!(s.out_of_scope_declined, s.out_of_scope, "{report}");
    assert_eq!(s.wrong_answers, 0, "{report}");
}

#[test]
fn real_forum_questions_floor() {
    // Measured when the floor was set: 35/45 in scope, 28/35 declined, 5 wrong (the matcher
    // before issue 6: 25/45, 22/35, 9 wrong).
    let (s, misses) = evaluate("real-dev.txt");
    let report = misses.join("\n");
    assert!(s.in_scope >= 40 && s.out_of_scope >= 30, "{s:?}");
    assert!(s.in_scope_rate() >= 0.75, "{s:?}\n{report}");
    assert!(s.out_of_scope_rate() >= 0.75, "{s:?}\n{report}");
    assert!(s.wrong_answers <= 5, "{s:?}\n{report}");
}

#[test]
fn variants_of_every_misreading_kind_floor() {
    // Measured when the floor was set: 72/79 in scope, 38/39 declined, 1 wrong.
    let (s, misses) = evaluate("kinds.txt");
    let report = misses.join("\n");
    assert!(s.in_scope_rate() >= 0.85, "{s:?}\n{report}");
    assert!(s.out_of_scope_rate() >= 0.9, "{s:?}\n{report}");
    assert!(s.wrong_answers <= 2, "{s:?}\n{report}");
}

#[test]
fn questions_written_blind_floor() {
    // Measured when the floor was set: 101/123 in scope, 87/97 declined, 11 wrong (the matcher
    // before issue 6: 77/123, 50/97, 33 wrong).
    let (s, misses) = evaluate("written-blind.txt");
    let report = misses.join("\n");
    assert!(s.in_scope >= 120 && s.out_of_scope >= 90, "{s:?}");
    assert!(s.in_scope_rate() >= 0.78, "{s:?}\n{report}");
    assert!(s.out_of_scope_rate() >= 0.85, "{s:?}\n{report}");
    assert!(s.wrong_answers <= 12, "{s:?}\n{report}");
}
