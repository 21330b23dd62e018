//! The dev set (a copy of ../shared/eval/dev.txt), a paraphrase set and a forum-style set keep a floor:
//! at least 90% of in-scope questions answered correctly, every out-of-scope one declined on the
//! dev set, and never a confident wrong answer.

use std::path::Path;

use faqbot::corpus::load_dir;
use faqbot::eval::{parse, run, Verdict};
use faqbot::matcher::{Index, Thresholds};

fn evaluate(file: &str) -> (faqbot::eval::Summary, Vec<String>) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let index = Index::build(load_dir(&root.join("faq")).unwrap().corpus);
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
