//! Matching latency per question, on the shipped FAQ and on a generated 10,000-entry corpus:
//! p50/p99 of a whole reply, the same per stage (normalise, read, shortlist, score, decide) so a
//! regression shows where it happens, and the index build.
//!
//! Run with `cargo bench --bench matching`. Targets (issue 13): shipped p50 ≤ 10 µs and p99 ≤ 50
//! µs; 10,000 entries p50 ≤ 100 µs and p99 ≤ 1 ms; index build of the shipped FAQ ≤ 20 ms.
//!
//! Timings on a shared machine are noisy; instruction counts are not. With
//! `FAQBOT_BENCH_PROFILE=shipped` (or `generated`) the bench only answers the dev-set questions
//! once (after a warm-up round) in `answer_all` and exits, for
//! `valgrind --tool=callgrind --toggle-collect='matching::answer_all' <bench binary>`
//! (the binary is the path `cargo bench --bench matching --no-run` prints).

use std::path::Path;
use std::time::{Duration, Instant};

use criterion::{black_box, criterion_group, criterion_main, BatchSize, Criterion};
use faqbot::corpus::{load_dir, Corpus, Entry};
use faqbot::matcher::{decide, Analysis, Index, Shortlist, Thresholds};

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

/// Rounds over the questions for the percentiles.
const ROUNDS: usize = 20;

/// p50 and p99 of some durations, in µs.
fn p50_p99(mut times: Vec<f64>) -> (f64, f64) {
    times.sort_by(f64::total_cmp);
    (times[times.len() / 2], times[times.len() * 99 / 100])
}

fn micros(d: Duration) -> f64 {
    d.as_secs_f64() * 1e6
}

/// p50 and p99 of a whole reply, in µs.
fn percentiles(index: &Index, qs: &[String]) -> (f64, f64) {
    let t = Thresholds::default();
    let mut times = Vec::new();
    for _ in 0..ROUNDS {
        for q in qs {
            let start = Instant::now();
            black_box(index.reply(q, &t));
            times.push(micros(start.elapsed()));
        }
    }
    p50_p99(times)
}

/// The stages of [`Index::reply`], in order.
const STAGES: [&str; 5] = ["normalise", "read", "shortlist", "score", "decide"];

/// Per stage: p50, p99 and mean in µs, each stage timed on its own.
fn stage_costs(index: &Index, qs: &[String]) -> Vec<(f64, f64, f64)> {
    let t = Thresholds::default();
    let mut times: Vec<Vec<f64>> = vec![Vec::new(); STAGES.len()];
    for _ in 0..ROUNDS {
        for q in qs {
            let t0 = Instant::now();
            let clauses = black_box(index.clauses(q));
            let t1 = Instant::now();
            let question = black_box(index.read_clauses(clauses));
            let t2 = Instant::now();
            let shortlist = black_box(index.shortlist(&question));
            let t3 = Instant::now();
            let ranking = match shortlist {
                Shortlist::Settled(ranking) => ranking,
                Shortlist::Candidates(c) => black_box(index.score(&question, &c)),
            };
            let t4 = Instant::now();
            black_box(decide(index, &Analysis { question, ranking }, &t));
            let t5 = Instant::now();
            for (stage, (a, b)) in [t0, t1, t2, t3, t4]
                .into_iter()
                .zip([t1, t2, t3, t4, t5])
                .enumerate()
            {
                times[stage].push(micros(b - a));
            }
        }
    }
    times
        .into_iter()
        .map(|t| {
            let mean = t.iter().sum::<f64>() / t.len() as f64;
            let (p50, p99) = p50_p99(t);
            (p50, p99, mean)
        })
        .collect()
}

fn report(name: &str, index: &Index, qs: &[String]) {
    let (p50, p99) = percentiles(index, qs);
    println!(
        "{name} corpus ({} entries): p50 {p50:.1} µs, p99 {p99:.1} µs per question",
        index.corpus().entries.len()
    );
    for (stage, (p50, p99, mean)) in STAGES.iter().zip(stage_costs(index, qs)) {
        println!("  {stage:<10} p50 {p50:>7.2} µs  p99 {p99:>8.2} µs  mean {mean:>7.2} µs");
    }
}

/// Builds of the shipped FAQ timed one by one: p50 in ms of the build alone, and of loading the
/// files and building.
fn build_costs() -> (f64, f64) {
    let mut build = Vec::new();
    let mut load_and_build = Vec::new();
    for _ in 0..ROUNDS {
        let start = Instant::now();
        let corpus = shipped();
        let loaded = Instant::now();
        black_box(Index::build(corpus));
        build.push(micros(loaded.elapsed()) / 1000.0);
        load_and_build.push(micros(start.elapsed()) / 1000.0);
    }
    (p50_p99(build).0, p50_p99(load_and_build).0)
}

/// Answers every question once: what `FAQBOT_BENCH_PROFILE` runs under callgrind.
#[inline(never)]
fn answer_all(index: &Index, qs: &[String], t: &Thresholds) {
    for q in qs {
        black_box(index.reply(q, t));
    }
}

/// The profiling run (see the module docs), if asked for; true when it ran.
fn profile(qs: &[String]) -> bool {
    let Ok(which) = std::env::var("FAQBOT_BENCH_PROFILE") else {
        return false;
    };
    let index = match which.as_str() {
        "generated" => Index::build(generated(10_000)),
        _ => Index::build(shipped()),
    };
    let t = Thresholds::default();
    // The warm-up round reads the word lists loaded on first use; it is not counted.
    for q in qs {
        black_box(index.reply(q, &t));
    }
    answer_all(&index, qs, &t);
    true
}

fn bench(c: &mut Criterion) {
    let qs = questions();
    if profile(&qs) {
        std::process::exit(0);
    }
    let small = Index::build(shipped());
    let big = Index::build(generated(10_000));
    report("shipped", &small, &qs);
    report("generated", &big, &qs);
    let (build, load_and_build) = build_costs();
    println!("index build (shipped): p50 {build:.1} ms; loading the files and building: p50 {load_and_build:.1} ms");

    let t = Thresholds::default();
    c.bench_function("reply/shipped/dev-set", |b| {
        b.iter(|| qs.iter().for_each(|q| drop(black_box(small.reply(q, &t)))))
    });
    c.bench_function("reply/generated-10k/dev-set", |b| {
        b.iter(|| qs.iter().for_each(|q| drop(black_box(big.reply(q, &t)))))
    });
    c.bench_function("index/build/shipped", |b| {
        b.iter_batched(
            shipped,
            |corpus| Index::build(black_box(corpus)),
            BatchSize::SmallInput,
        )
    });
    c.bench_function("index/load+build/shipped", |b| {
        b.iter(|| Index::build(black_box(shipped())))
    });
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20);
    targets = bench
}
criterion_main!(benches);
