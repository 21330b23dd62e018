//! Cool-downs: "at most once per key within a period", for flood control and auto-answers.
//!
//! Uses tokio's clock, so tests can pause and advance time instead of sleeping.

use std::collections::HashMap;
use std::hash::Hash;
use std::sync::Mutex;
use std::time::Duration;

use tokio::time::Instant;

/// Keys above this count trigger a sweep of expired ones, so memory stays bounded.
const SWEEP_AT: usize = 10_000;

/// Remembers when each key last acted.
#[derive(Debug)]
pub struct Cooldown<K> {
    period: Duration,
    last: Mutex<HashMap<K, Instant>>,
}

impl<K: Hash + Eq> Cooldown<K> {
    /// A cool-down of `period` per key.
    pub fn new(period: Duration) -> Self {
        Cooldown {
            period,
            last: Mutex::new(HashMap::new()),
        }
    }

    /// True (and the key's clock restarts) when `key` has not acted within the period.
    pub fn try_acquire(&self, key: K) -> bool {
        if self.period.is_zero() {
            return true;
        }
        let now = Instant::now();
        let mut last = self.last.lock().unwrap_or_else(|p| p.into_inner());
        if last.len() >= SWEEP_AT {
            let period = self.period;
            last.retain(|_, at| now.duration_since(*at) < period);
        }
        match last.get(&key) {
            Some(at) if now.duration_since(*at) < self.period => false,
            _ => {
                last.insert(key, now);
                true
            }
        }
    }

    /// Time left before `key` may act again (zero when it may now).
    pub fn remaining(&self, key: &K) -> Duration {
        let last = self.last.lock().unwrap_or_else(|p| p.into_inner());
        last.get(key)
            .map(|at| {
                self.period
                    .saturating_sub(Instant::now().duration_since(*at))
            })
            .unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(start_paused = true)]
    async fn a_key_acts_once_per_period() {
        let c = Cooldown::new(Duration::from_secs(3));
        assert!(c.try_acquire(1));
        assert!(!c.try_acquire(1));
        assert!(c.try_acquire(2), "keys are independent");
        tokio::time::advance(Duration::from_secs(2)).await;
        assert!(!c.try_acquire(1));
        assert_eq!(c.remaining(&1), Duration::from_secs(1));
        tokio::time::advance(Duration::from_secs(1)).await;
        assert!(c.try_acquire(1));
    }

    #[tokio::test(start_paused = true)]
    async fn zero_period_never_blocks() {
        let c = Cooldown::new(Duration::ZERO);
        assert!(c.try_acquire("a"));
        assert!(c.try_acquire("a"));
    }
}
