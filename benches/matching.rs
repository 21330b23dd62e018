//! Matching latency per question: on the shipped FAQ and on a generated 10,000-entry corpus.
//!
//! Run with `cargo bench --bench matching`. Besides criterion's estimates, prints p50/p99 over the
//! dev-set questions so the targets (p50 under 20 µs shipped, under 1 ms at 10,000 entries) can be
//! read directly.

use std::path::Path;
use std::time::Instant;

use criterion::{black_box, criterion_group, criterion_main, Criterion};
use faqbot::corpus::{load_dir, Corpus, Entry};
use faqbot::matcher::{Index, Thresholds};

fn questions() -> Vec<String> {
    let text =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/dev.txt"))
            .unwrap();
    faqbot::eval::parse(&text)
        .unwrap()
        .into_iter()
        .map(|c| c.question)
        .collect()
}

fn shipped() -> Corpus {
    load_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("faq"),
        &faqbot::limits::FAQ_TEXT,
    )
    .unwrap()
    .corpus
}

/// The shipped corpus plus synthetic entries up to `n`, with a vocabulary that grows with it,
/// so postings and the speller are as large as a real 10,000-entry FAQ would make them.
fn generated(n: usize) -> Corpus {
    let mut corpus = shipped();
    let real: Vec<String> = corpus
        .entries
        .iter()
        .flat_map(|e| e.question.split_whitespace().map(str::to_lowercase))
        .collect();
    let syllables = ["ka", "lo", "mi", "ne", "ru", "sa", "te", "vo", "zi", "pe"];
    let word = |i: usize| -> String {
        let mut w = String::new();
        let mut x = i + 1;
        while x > 0 {
            w.push_str(syllables[x % 10]);
            x /= 10;
        }
        w
    };
    let mut i = corpus.entries.len();
    let mut seed = 0x9E37_79B9u64;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed as usize
    };
    while corpus.entries.len() < n {
        let mut phrase = || -> String {
            (0..6)
                .map(|k| {
                    if k % 3 == 0 {
                        real[next() % real.len()].clone()
                    } else {
                        word(next() % (n / 2))
                    }
                })
                .collect::<Vec<_>>()
                .join(" ")
        };
        corpus.entries.push(Entry {
            id: format!("generated-{i}"),
            topic: "generated".into(),
            question: phrase(),
            alternates: (0..4).map(|_| phrase()).collect(),
            answer: (0..5).map(|_| phrase()).collect::<Vec<_>>().join(". "),
            source: None,
            related: vec![],
            roles: None,
            aspects: None,
            file: "generated.toml".into(),
            line: 0,
        });
        i += 1;
    }
    corpus
}

fn percentiles(index: &Index, qs: &[String]) -> (f64, f64) {
    let t = Thresholds::default();
    let mut times = Vec::new();
    for _ in 0..20 {
        for q in qs {
            let start = Instant::now();
            black_box(index.reply(q, &t));
            times.push(start.elapsed().as_secs_f64() * 1e6);
        }
    }
    times.sort_by(f64::total_cmp);
    (times[times.len() / 2], times[times.len() * 99 / 100])
}

fn bench(c: &mut Criterion) {
    let qs = questions();
    let small = Index::build(shipped());
    let big = Index::build(generated(10_000));
    let (p50, p99) = percentiles(&small, &qs);
    println!(
        "shipped corpus ({} entries): p50 {p50:.1} µs, p99 {p99:.1} µs per question",
        small.corpus().entries.len()
    );
    let (p50, p99) = percentiles(&big, &qs);
    println!(
        "generated corpus ({} entries): p50 {p50:.1} µs, p99 {p99:.1} µs per question",
        big.corpus().entries.len()
    );

    let t = Thresholds::default();
    c.bench_function("reply/shipped/dev-set", |b| {
        b.iter(|| qs.iter().for_each(|q| drop(black_box(small.reply(q, &t)))))
    });
    c.bench_function("reply/generated-10k/dev-set", |b| {
        b.iter(|| qs.iter().for_each(|q| drop(black_box(big.reply(q, &t)))))
    });
    c.bench_function("index/build/shipped", |b| {
        b.iter(|| Index::build(black_box(shipped())))
    });
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20);
    targets = bench
}
criterion_main!(benches);
