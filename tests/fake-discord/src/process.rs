//! The `faqbot run` binary started as an operator starts it (`DISCORD_TOKEN`,
//! `FAQBOT__DISCORD__PROXY_URL`) against a fake Discord, for tests and benchmarks that watch it
//! from outside.
//!
//! A [`BotProcess`] is killed when it is dropped, so a test that fails (panics) never leaves a
//! bot running; each one has its own temporary database, never the project's default file.
//! Start one with the [`spawn_faqbot!`](crate::spawn_faqbot) macro, which fills in the binary
//! and the project folder of the calling test or bench.

use std::ffi::OsStr;
use std::process::{Child, Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

use crate::FakeDiscord;

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

/// `faqbot run` against `$fake` with the per-member limit off, `RUST_LOG=$log`, stdout
/// discarded and stderr as given; optionally `$configure(&mut Command)` adds variables.
#[macro_export]
macro_rules! spawn_faqbot {
    ($fake:expr, $log:expr, $stderr:expr) => {
        $crate::process::BotProcess::spawn(
            env!("CARGO_BIN_EXE_faqbot"),
            env!("CARGO_MANIFEST_DIR"),
            $fake,
            $log,
            $stderr,
            |_| {},
        )
    };
    ($fake:expr, $log:expr, $stderr:expr, $configure:expr) => {
        $crate::process::BotProcess::spawn(
            env!("CARGO_BIN_EXE_faqbot"),
            env!("CARGO_MANIFEST_DIR"),
            $fake,
            $log,
            $stderr,
            $configure,
        )
    };
}

/// A running `faqbot` process, killed (SIGKILL) and reaped when dropped unless it already
/// exited; with its own database in a temporary folder removed with it.
#[derive(Debug)]
pub struct BotProcess {
    child: Child,
    data: tempfile::TempDir,
}

impl BotProcess {
    /// Starts `bin run` in `root` (the project folder: its `faq/` and `config/` are used)
    /// against `fake`. `configure` may add arguments or variables.
    pub fn spawn(
        bin: impl AsRef<OsStr>,
        root: impl AsRef<std::path::Path>,
        fake: &FakeDiscord,
        log: &str,
        stderr: Stdio,
        configure: impl FnOnce(&mut Command),
    ) -> BotProcess {
        let data = tempfile::tempdir().expect("a temporary folder for the bot's database");
        let mut command = Command::new(bin);
        command
            .arg("run")
            .current_dir(root)
            .env("DISCORD_TOKEN", "fake-token")
            .env("FAQBOT__DISCORD__PROXY_URL", fake.rest_url())
            .env("FAQBOT__DISCORD__QUESTIONS_PER_MINUTE", "0")
            .env("FAQBOT__DATABASE__PATH", data.path().join("faqbot.db"))
            .env_remove("FAQBOT__DATABASE__URL")
            .env("RUST_LOG", log)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(stderr);
        configure(&mut command);
        let child = command.spawn().expect("start faqbot");
        BotProcess { child, data }
    }

    /// The process id.
    pub fn id(&self) -> u32 {
        self.child.id()
    }

    /// The child process (to take its pipes).
    pub fn child(&mut self) -> &mut Child {
        &mut self.child
    }

    /// The folder holding this bot's database.
    pub fn data_dir(&self) -> &std::path::Path {
        self.data.path()
    }

    /// Sends SIGTERM; true when it was delivered.
    pub fn sigterm(&self) -> bool {
        sigterm(self.id())
    }

    /// Waits up to `limit` for the process to exit; its status, or `None` if it is still running.
    pub async fn wait_exit(&mut self, limit: Duration) -> Option<ExitStatus> {
        let deadline = Instant::now() + limit;
        loop {
            if let Ok(Some(status)) = self.child.try_wait() {
                return Some(status);
            }
            if Instant::now() >= deadline {
                return None;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }
}

impl Drop for BotProcess {
    fn drop(&mut self) {
        if matches!(self.child.try_wait(), Ok(None)) {
            let _ = self.child.kill();
        }
        let _ = self.child.wait();
    }
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

/// CPU time (user + system) the process `pid` has used, from /proc.
pub fn cpu_time(pid: u32) -> Duration {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
    // Fields after the command name (which may contain spaces) in parentheses.
    let Some((_, rest)) = stat.rsplit_once(')') else {
        return Duration::ZERO;
    };
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let ticks = |i: usize| {
        fields
            .get(i)
            .and_then(|f| f.parse::<u64>().ok())
            .unwrap_or(0)
    };
    Duration::from_millis((ticks(11) + ticks(12)) * 10) // USER_HZ is 100 on Linux
}

/// Sends SIGTERM to `pid`; true when it was delivered.
pub fn sigterm(pid: u32) -> bool {
    Command::new("kill")
        .args(["-TERM", &pid.to_string()])
        .status()
        .is_ok_and(|s| s.success())
}
