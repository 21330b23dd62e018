//! Flood control per member: a token bucket with a burst allowance (the GCRA of the `governor`
//! crate).
//!
//! A member may ask `burst` questions at once, then one more every `60 / per_minute` seconds, so
//! a normal follow-up (a mention, then a DM or `/ask` a second later) is answered while a flood
//! is stopped. A limited question is never silent: [`Limited::notice`] tells the transport to
//! answer the first one of a streak with a short notice and mark the next few with a reaction;
//! past that a flood is ignored. Each streak is logged once.

use std::collections::HashMap;
use std::num::NonZeroU32;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;
use std::time::Duration;

use governor::clock::{Clock, DefaultClock};
use governor::middleware::NoOpMiddleware;
use governor::nanos::Nanos;
use governor::state::keyed::DefaultKeyedStateStore;
use governor::{Quota, RateLimiter};

/// governor's keyed limiter on clock `C`.
type Buckets<C> =
    RateLimiter<u64, DefaultKeyedStateStore<u64>, C, NoOpMiddleware<<C as Clock>::Instant>>;

/// Limited questions of one streak marked with a reaction after the notice; later ones are
/// ignored, so a flood cannot make the bot flood the channel in turn.
pub const MAX_REACTIONS_PER_STREAK: u32 = 3;

/// Every this many checks, members idle long enough to have a full bucket are forgotten.
const SWEEP_EVERY: u64 = 4096;

/// What the member is shown for a limited question.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Notice {
    /// The first limited question of a streak: a short reply saying when to ask again.
    Reply,
    /// A later one: a reaction on the question.
    React,
    /// A flood past [`MAX_REACTIONS_PER_STREAK`]: nothing more.
    Ignore,
}

/// A question that must wait.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limited {
    /// How long until the member may ask again.
    pub retry_in: Duration,
    /// How to show it.
    pub notice: Notice,
}

/// The decision for one question.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Admission {
    /// Answer it.
    Allowed,
    /// Do not answer it now.
    Limited(Limited),
}

/// Token buckets keyed by member id.
pub struct QuestionLimiter<C: Clock = DefaultClock> {
    buckets: Option<Buckets<C>>,
    clock: C,
    /// Member -> (end of the current streak, reactions given in it).
    streaks: Mutex<HashMap<u64, (C::Instant, u32)>>,
    checks: AtomicU64,
}

impl<C: Clock> std::fmt::Debug for QuestionLimiter<C> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("QuestionLimiter")
            .field("enabled", &self.buckets.is_some())
            .finish_non_exhaustive()
    }
}

impl QuestionLimiter<DefaultClock> {
    /// `burst` questions at once, refilled at `per_minute` questions a minute. `per_minute`
    /// of 0 (or less) turns limiting off; `burst` is at least 1.
    pub fn new(per_minute: f64, burst: u32) -> Self {
        Self::with_clock(per_minute, burst, DefaultClock::default())
    }
}

impl<C: Clock + Clone> QuestionLimiter<C> {
    /// As [`QuestionLimiter::new`], on `clock` (tests use governor's fake clock).
    pub fn with_clock(per_minute: f64, burst: u32, clock: C) -> Self {
        let buckets = (per_minute > 0.0 && per_minute.is_finite())
            .then(|| Quota::with_period(Duration::from_secs_f64(60.0 / per_minute)))
            .flatten()
            .map(|q| {
                let burst = NonZeroU32::new(burst.max(1)).unwrap_or(NonZeroU32::MIN);
                RateLimiter::new(
                    q.allow_burst(burst),
                    DefaultKeyedStateStore::default(),
                    clock.clone(),
                )
            });
        QuestionLimiter {
            buckets,
            clock,
            streaks: Mutex::new(HashMap::new()),
            checks: AtomicU64::new(0),
        }
    }

    /// Takes a token for `member`'s question, or says how to tell them to wait.
    pub fn check(&self, member: u64) -> Admission {
        let Some(buckets) = &self.buckets else {
            return Admission::Allowed;
        };
        if self.checks.fetch_add(1, Ordering::Relaxed) % SWEEP_EVERY == SWEEP_EVERY - 1 {
            self.sweep(buckets);
        }
        let now = self.clock.now();
        let retry_in = match buckets.check_key(&member) {
            Ok(()) => return Admission::Allowed,
            Err(not_until) => not_until.wait_time_from(now),
        };
        let mut streaks = self.streaks.lock().unwrap_or_else(|p| p.into_inner());
        let notice = match streaks.get_mut(&member) {
            Some((until, reactions)) if *until > now => {
                *until = now + Nanos::from(retry_in);
                if *reactions < MAX_REACTIONS_PER_STREAK {
                    *reactions += 1;
                    Notice::React
                } else {
                    Notice::Ignore
                }
            }
            _ => {
                streaks.insert(member, (now + Nanos::from(retry_in), 0));
                tracing::info!(
                    member,
                    retry_in_secs = retry_in.as_secs_f32(),
                    "a member asks faster than the per-member limit; their questions wait"
                );
                Notice::Reply
            }
        };
        Admission::Limited(Limited { retry_in, notice })
    }

    /// Forgets full buckets and ended streaks, so memory follows the active members only.
    fn sweep(&self, buckets: &Buckets<C>) {
        buckets.retain_recent();
        buckets.shrink_to_fit();
        let now = self.clock.now();
        let mut streaks = self.streaks.lock().unwrap_or_else(|p| p.into_inner());
        streaks.retain(|_, (until, _)| *until > now);
        streaks.shrink_to_fit();
    }

    /// Members with state kept now (for tests and memory checks).
    pub fn tracked(&self) -> usize {
        self.buckets.as_ref().map_or(0, |b| b.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use governor::clock::FakeRelativeClock;

    fn limiter(
        per_minute: f64,
        burst: u32,
    ) -> (QuestionLimiter<FakeRelativeClock>, FakeRelativeClock) {
        let clock = FakeRelativeClock::default();
        (
            QuestionLimiter::with_clock(per_minute, burst, clock.clone()),
            clock,
        )
    }

    #[test]
    fn a_follow_up_a_second_later_is_allowed() {
        let (l, clock) = limiter(10.0, 3);
        assert_eq!(l.check(1), Admission::Allowed); // the mention
        clock.advance(Duration::from_secs(1));
        assert_eq!(l.check(1), Admission::Allowed); // the DM, or /ask
    }

    #[test]
    fn a_flood_is_stopped_with_one_notice_then_a_few_reactions_then_silence() {
        let (l, _clock) = limiter(10.0, 3);
        for _ in 0..3 {
            assert_eq!(l.check(7), Admission::Allowed);
        }
        let notices: Vec<Notice> = (0..6)
            .map(|_| match l.check(7) {
                Admission::Limited(limited) => {
                    assert!(limited.retry_in > Duration::ZERO);
                    assert!(limited.retry_in <= Duration::from_secs(6));
                    limited.notice
                }
                Admission::Allowed => panic!("a flood must be limited"),
            })
            .collect();
        assert_eq!(
            notices,
            [
                Notice::Reply,
                Notice::React,
                Notice::React,
                Notice::React,
                Notice::Ignore,
                Notice::Ignore
            ]
        );
        assert_eq!(
            l.check(8),
            Admission::Allowed,
            "other members are not affected"
        );
    }

    #[test]
    fn tokens_come_back_at_the_configured_rate_and_a_new_streak_gets_a_new_notice() {
        let (l, clock) = limiter(6.0, 1); // one question every 10 s
        assert_eq!(l.check(1), Admission::Allowed);
        assert!(matches!(
            l.check(1),
            Admission::Limited(Limited {
                notice: Notice::Reply,
                ..
            })
        ));
        clock.advance(Duration::from_secs(10));
        assert_eq!(l.check(1), Admission::Allowed);
        assert!(matches!(
            l.check(1),
            Admission::Limited(Limited {
                notice: Notice::Reply,
                ..
            })
        ));
    }

    #[test]
    fn zero_rate_turns_limiting_off() {
        let (l, _clock) = limiter(0.0, 1);
        for _ in 0..100 {
            assert_eq!(l.check(1), Admission::Allowed);
        }
    }

    #[test]
    fn idle_members_are_forgotten() {
        let (l, clock) = limiter(60.0, 2);
        for member in 0..SWEEP_EVERY {
            let _ = l.check(member);
        }
        assert!(l.tracked() > 0);
        clock.advance(Duration::from_secs(60));
        for _ in 0..SWEEP_EVERY {
            let _ = l.check(u64::MAX);
        }
        assert!(l.tracked() <= 1, "{}", l.tracked());
    }
}
