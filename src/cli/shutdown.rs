//! Stopping the bot: on Ctrl-C or SIGTERM, a clean shutdown with a hard deadline.
//!
//! The Discord client closes its shards and sends the replies being prepared; should anything
//! hang (a gateway that never answers, a task that never yields), the process still exits with
//! code 0 once [`EXIT_DEADLINE`] has passed since the signal: operators and supervisors rely on
//! a stop that always completes.

use std::time::Duration;

/// The longest a shutdown may take, from the signal to the exit.
pub const EXIT_DEADLINE: Duration = Duration::from_secs(9);

/// Completes on Ctrl-C or SIGTERM, and from then on guarantees the exit (see [`arm_deadline`]).
pub async fn signal() {
    wait_for_signal().await;
    tracing::info!("shutdown requested");
    arm_deadline(EXIT_DEADLINE);
}

/// Exits the process with code 0 after `deadline`, from a thread of its own (so a stuck runtime
/// cannot delay it).
pub fn arm_deadline(deadline: Duration) {
    let _ = std::thread::Builder::new()
        .name("exit-deadline".into())
        .spawn(move || {
            std::thread::sleep(deadline);
            tracing::warn!("shutdown did not finish within {deadline:?}; exiting now");
            std::process::exit(0);
        });
}

async fn wait_for_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        match signal(SignalKind::terminate()) {
            Ok(mut term) => {
                tokio::select! {
                    _ = tokio::signal::ctrl_c() => {}
                    _ = term.recv() => {}
                }
            }
            Err(_) => {
                let _ = tokio::signal::ctrl_c().await;
            }
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}
