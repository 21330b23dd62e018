//! The dev set (a copy of ../shared/eval/dev.txt), a paraphrase set, a forum-style set and real
//! forum questions (copies of ../shared/eval/real-dev.txt and real-dev2.txt) keep a floor: at
//! least 90% of in-scope questions answered correctly and every out-of-scope one declined on the
//! dev set, and never a confident wrong answer on the sets written for the FAQ. Real forum posts
//! are harder: their floor pins what the matcher does today, so a change that answers more of them
//! wrongly fails. On the real sets the floors are issue 11's: at most 5% of must-decline questions
//! answered, at most 2% of answerable ones answered wrongly, at least 75% answered right.

use std::path::Path;

use faqbot::eval::{parse, run, Outcome, Verdict};
use faqbot::faq::{self, Rules};
use faqbot::matcher::{Index, Thresholds};

/// The figures issue 11 sets: (must-decline questions answered, answerable questions answered
/// wrongly, answerable questions answered right), each with its total.
struct Bars {
    must_decline_answered: (usize, usize),
    answerable_wrong: (usize, usize),
    answerable_right: (usize, usize),
}

fn bars(file: &str) -> (Bars, String) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let index: Index = faq::load(&root.join("faq"), &Rules::inspecting())
        .unwrap()
        .index;
    let text = std::fs::read_to_string(root.join("tests/data").join(file)).unwrap();
    let (outcomes, s) = run(&index, &Thresholds::default(), &parse(&text).unwrap());
    let answered_out = |o: &&Outcome| {
        o.case.expected.is_none() && matches!(o.reply, faqbot::reply::Reply::Answer(_))
    };
    let wrong_in = |o: &&Outcome| o.case.expected.is_some() && o.verdict == Verdict::Wrong;
    let report = outcomes
        .iter()
        .filter(|o| answered_out(o) || wrong_in(o))
        .map(|o| format!("line {}: {} → {:?}", o.case.line, o.case.question, o.reply))
        .collect::<Vec<_>>()
        .join("\n");
    let bars = Bars {
        must_decline_answered: (outcomes.iter().filter(answered_out).count(), s.out_of_scope),
        answerable_wrong: (outcomes.iter().filter(wrong_in).count(), s.in_scope),
        answerable_right: (s.in_scope_correct, s.in_scope),
    };
    (bars, report)
}

fn share((n, of): (usize, usize)) -> f64 {
    n as f64 / of.max(1) as f64
}

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
fn real_forum_questions_meet_the_coverage_bars() {
    // Measured when the floor was set (issue 11): 35/45 right, 0 wrong, 1/35 must-decline
    // answered (before issue 11: 34/45, 0 wrong, 5/35; before issue 6: 25/45, 9 wrong in all).
    let (b, report) = bars("real-dev.txt");
    assert!(b.answerable_right.1 >= 40 && b.must_decline_answered.1 >= 30);
    assert!(share(b.must_decline_answered) <= 0.05, "{report}");
    assert!(share(b.answerable_wrong) <= 0.02, "{report}");
    assert!(share(b.answerable_right) >= 0.75, "{report}");
}

#[test]
fn real_questions_from_other_sources_floor() {
    // real-dev2.txt (120 questions): its odd half was tuned on, its even half first run blind
    // (issue 11's closing note). Measured when the floor was set: 25/35 right, 1 wrong, 5/85
    // must-decline answered (before issue 11: 17/35, 4 wrong, 19/85).
    let (b, report) = bars("real-dev2.txt");
    assert!(b.answerable_right.1 >= 30 && b.must_decline_answered.1 >= 80);
    assert!(b.must_decline_answered.0 <= 5, "{report}");
    assert!(b.answerable_wrong.0 <= 1, "{report}");
    assert!(share(b.answerable_right) >= 0.70, "{report}");
}

#[test]
fn variants_of_every_misreading_kind_floor() {
    // Measured when the floor was set: 72/79 in scope, 38/39 declined, 1 wrong; after issue 11
    // (which declines qualifiers such as one school or a maths question): 70/79, 38/39, 1 wrong.
    let (s, misses) = evaluate("kinds.txt");
    let report = misses.join("\n");
    assert!(s.in_scope_rate() >= 0.85, "{s:?}\n{report}");
    assert!(s.out_of_scope_rate() >= 0.9, "{s:?}\n{report}");
    assert!(s.wrong_answers <= 1, "{s:?}\n{report}");
}

#[test]
fn questions_written_blind_floor() {
    // Measured when the floor was set: 101/123 in scope, 87/97 declined, 11 wrong (the matcher
    // before issue 6: 77/123, 50/97, 33 wrong); after issue 11: 101/123, 95/97, 5 wrong.
    let (s, misses) = evaluate("written-blind.txt");
    let report = misses.join("\n");
    assert!(s.in_scope >= 120 && s.out_of_scope >= 90, "{s:?}");
    assert!(s.in_scope_rate() >= 0.78, "{s:?}\n{report}");
    assert!(s.out_of_scope_rate() >= 0.95, "{s:?}\n{report}");
    assert!(s.wrong_answers <= 5, "{s:?}\n{report}");
}
