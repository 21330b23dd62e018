//! The `faqbot run` binary started as an operator starts it (`DISCORD_TOKEN`,
//! `FAQBOT__DISCORD__PROXY_URL`) against a fake Discord, for tests and benchmarks that watch it
//! from outside. Include after `fake_discord`.

#![allow(dead_code)]

use std::process::{Child, Command, Stdio};

use super::fake_discord::FakeDiscord;

/// Questions of every kind: answered, clarified, declined, long, misspelt.
pub const SAMPLE_QUESTIONS: &[&str] = &[
    "what does a phlebotomist do",
    "mlt salary",
    "how long is the mlt program",
    "I'm a senior in high school thinking about becoming a lab tech, what kind of degree would I need and how long does it take?",
    "which certifications are available for lab technicians",
    "how much does a pharmacy technician make",
    "hello",
    "wat degree 4 mlt??",
];

/// Starts `faqbot run` against `fake` with the per-member limit off, `RUST_LOG=log`, stdout
/// discarded and stderr as given.
pub fn spawn_faqbot(fake: &FakeDiscord, log: &str, stderr: Stdio) -> Child {
    Command::new(env!("CARGO_BIN_EXE_faqbot"))
        .arg("run")
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .env("DISCORD_TOKEN", "fake-token")
        .env("FAQBOT__DISCORD__PROXY_URL", fake.rest_url())
        .env("FAQBOT__DISCORD__QUESTIONS_PER_MINUTE", "0")
        .env("RUST_LOG", log)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(stderr)
        .spawn()
        .expect("start faqbot")
}

/// A value of `/proc/PID/status` in kB (`"VmRSS:"`, `"VmHWM:"`); 0 when unknown.
pub fn status_kb(pid: u32, key: &str) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with(key))?
                .split_whitespace()
                .nth(1)?
                .parse()
                .ok()
        })
        .unwrap_or(0)
}

/// Sends SIGTERM to `pid`; true when it was delivered.
pub fn sigterm(pid: u32) -> bool {
    Command::new("kill")
        .args(["-TERM", &pid.to_string()])
        .status()
        .is_ok_and(|s| s.success())
}
