//! Bounded work for bursts: jobs wait in a queue, at most `max_in_flight` run at once.
//!
//! serenity runs every event handler as its own task, immediately. Answering inside them made a
//! burst of 10,000 mentions 10,000 concurrent matches and HTTP requests: one connection each
//! (1,437 seen), memory that grew with the backlog, and the shard's task starved until its
//! heartbeat failed. Handlers now push a small job here and return, so each event's task and
//! its message are freed at once; a dispatcher hands jobs to at most `max_in_flight` tasks.
//! A full queue makes the pushing handler wait (nothing is dropped).

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use tokio::sync::{mpsc, Semaphore};

/// Jobs after which an idle queue returns freed memory to the OS (see [`crate::memory`]).
const TRIM_AFTER_JOBS: usize = 1000;

/// A queue of jobs of type `J` and the bounded pool that runs them.
#[derive(Debug)]
pub struct WorkQueue<J> {
    tx: mpsc::Sender<J>,
    running: Arc<Semaphore>,
    max_in_flight: usize,
}

impl<J: Send + 'static> WorkQueue<J> {
    /// Starts the dispatcher (needs a tokio runtime). Up to `capacity` jobs wait; `work` runs
    /// at most `max_in_flight` of them at once, each as its own task. The dispatcher ends when
    /// the queue is dropped and the waiting jobs are done.
    pub fn new<F, Fut>(capacity: usize, max_in_flight: usize, work: F) -> WorkQueue<J>
    where
        F: Fn(J) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = ()> + Send + 'static,
    {
        let max_in_flight = max_in_flight.max(1);
        let (tx, mut rx) = mpsc::channel::<J>(capacity.max(1));
        let running = Arc::new(Semaphore::new(max_in_flight));
        let permits = running.clone();
        tokio::spawn(async move {
            let mut since_trim = 0usize;
            loop {
                let job = match rx.try_recv() {
                    Ok(job) => job,
                    Err(mpsc::error::TryRecvError::Disconnected) => return,
                    Err(mpsc::error::TryRecvError::Empty) => {
                        // The queue ran dry: once the last jobs of a burst end (unless a new
                        // one comes first), hand the memory they used back to the OS.
                        let next = if since_trim >= TRIM_AFTER_JOBS {
                            tokio::select! {
                                all = permits.clone().acquire_many_owned(max_in_flight as u32) => {
                                    drop(all);
                                    since_trim = 0;
                                    tokio::task::spawn_blocking(crate::memory::release_free_memory);
                                    rx.recv().await
                                }
                                job = rx.recv() => job,
                            }
                        } else {
                            rx.recv().await
                        };
                        match next {
                            Some(job) => job,
                            None => return,
                        }
                    }
                };
                since_trim += 1;
                // A job taken but not started is still counted: all permits are in use then.
                let Ok(permit) = permits.clone().acquire_owned().await else {
                    return;
                };
                let fut = work(job);
                tokio::spawn(async move {
                    fut.await;
                    drop(permit);
                });
            }
        });
        WorkQueue {
            tx,
            running,
            max_in_flight,
        }
    }

    /// Queues `job`, waiting while the queue is full.
    pub async fn push(&self, job: J) {
        if self.tx.send(job).await.is_err() {
            tracing::error!("the work queue stopped; a job was dropped");
        }
    }

    /// Jobs waiting (not yet started).
    pub fn queued(&self) -> usize {
        self.tx.max_capacity() - self.tx.capacity()
    }

    /// Jobs running now.
    pub fn in_flight(&self) -> usize {
        self.max_in_flight - self.running.available_permits()
    }

    /// Waits until no job waits or runs, for at most `limit`; true when all were done.
    pub async fn drain(&self, limit: Duration) -> bool {
        let deadline = tokio::time::Instant::now() + limit;
        while self.queued() > 0 || self.in_flight() > 0 {
            if tokio::time::Instant::now() >= deadline {
                return false;
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    #[tokio::test]
    async fn every_job_runs_and_never_more_than_the_bound_at_once() {
        let running = Arc::new(AtomicUsize::new(0));
        let peak = Arc::new(AtomicUsize::new(0));
        let done = Arc::new(AtomicUsize::new(0));
        let (r, p, d) = (running.clone(), peak.clone(), done.clone());
        let queue = WorkQueue::new(8, 3, move |ms: u64| {
            let (r, p, d) = (r.clone(), p.clone(), d.clone());
            async move {
                let now = r.fetch_add(1, Ordering::SeqCst) + 1;
                p.fetch_max(now, Ordering::SeqCst);
                tokio::time::sleep(Duration::from_millis(ms)).await;
                r.fetch_sub(1, Ordering::SeqCst);
                d.fetch_add(1, Ordering::SeqCst);
            }
        });
        for i in 0..50 {
            queue.push(1 + i % 5).await; // waits when 8 are queued: nothing is dropped
        }
        assert!(queue.drain(Duration::from_secs(10)).await);
        assert_eq!(done.load(Ordering::SeqCst), 50);
        assert_eq!(peak.load(Ordering::SeqCst), 3);
    }
}
