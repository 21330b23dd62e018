//! What members asked that the FAQ could not answer, how often each entry was given, and how
//! members rated the answers: kept in an SQLite file (default) or a shared PostgreSQL, through
//! sqlx, with the schema in `migrations/`.
//!
//! Writes never hold up an answer: [`Store::record_unanswered`], [`Store::record_given`] and
//! [`Store::record_vote`] put the write in a bounded queue that one task drains. When the database
//! is locked, full, missing or unreachable the write is dropped, counted
//! ([`Store::dropped_writes`]) and logged at most once a minute; answering goes on. The connection
//! is made (and the migrations run) when the store opens, in the background, and after a failure
//! tried again after [`RETRY_AFTER`], so a database that comes back is used again. Migrating is
//! safe when several processes start at once, and a database migrated by a newer faqbot is
//! used as it is (see `Backend::migrate` in `backend.rs`). Reads ([`Store::gaps_source`],
//! [`Store::stats`]) return a [`StoreError`] for the caller to show.
//!
//! No member id is stored: a vote is keyed by HMAC-SHA256 of the member id under a vote key (from
//! `database.vote_secret`, or generated once and kept in the database so every process sharing
//! it agrees).

mod backend;
mod migrations;

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use hmac::{Hmac, Mac};
use sha2::Sha256;
use tokio::sync::{mpsc, oneshot};

use crate::config::DatabaseSettings;
use backend::Backend;
pub use backend::{EntryStats, Purged, UnansweredCount, DAY};

/// Writes waiting for the database; beyond this, new writes are dropped.
const QUEUE: usize = 1024;
/// After a failed connection, the database is not tried again for this long.
pub const RETRY_AFTER: Duration = Duration::from_secs(30);
/// At most one "write dropped" log line per this period.
const DROP_LOG_PERIOD: Duration = Duration::from_secs(60);
/// How often old rows are deleted.
const RETENTION_PERIOD: Duration = Duration::from_secs(3600);
/// Longest question text stored, in characters.
const MAX_QUESTION_CHARS: usize = 500;
/// Key in the `meta` table of the generated vote key.
const VOTE_KEY: &str = "vote_key";

/// A problem with the database.
#[derive(Debug, Clone, thiserror::Error)]
pub enum StoreError {
    /// `database.url` cannot be read.
    #[error("invalid database.url: {0}")]
    BadUrl(String),
    /// The database cannot be opened, created or migrated.
    #[error("the database is unavailable: {0}")]
    Unavailable(String),
    /// A statement failed.
    #[error("database error: {0}")]
    Query(String),
}

impl From<sqlx::Error> for StoreError {
    fn from(e: sqlx::Error) -> Self {
        StoreError::Query(e.to_string())
    }
}

/// Why a question went unanswered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Missed {
    /// The bot declined.
    Declined,
    /// The bot offered "did you mean" suggestions.
    Clarified,
}

impl Missed {
    /// As stored: `"decline"` or `"clarify"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Missed::Declined => "decline",
            Missed::Clarified => "clarify",
        }
    }
}

/// A question the FAQ could not answer, as stored: no member id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AskedQuestion {
    /// When (Unix seconds).
    pub at: i64,
    /// Server, `None` in a DM.
    pub guild: Option<u64>,
    /// Channel.
    pub channel: u64,
    /// Declined or clarified.
    pub outcome: Missed,
    /// The question (control characters removed, cut to 500 characters when recorded).
    pub question: String,
}

enum Job {
    Unanswered(AskedQuestion),
    Given {
        entry: String,
        at: i64,
    },
    Vote {
        entry: String,
        member: u64,
        helpful: bool,
        at: i64,
    },
    Flush(oneshot::Sender<()>),
}

/// The store. Cheap to clone; all clones share one queue and one connection pool.
#[derive(Clone)]
pub struct Store {
    tx: mpsc::Sender<Job>,
    shared: Arc<Shared>,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store")
            .field("backend", &self.shared.backend.kind())
            .finish_non_exhaustive()
    }
}

struct Shared {
    backend: Backend,
    /// Set once the migrations newer than this binary were logged: said once per process.
    told_newer: AtomicBool,
    ready: tokio::sync::Mutex<Readiness>,
    configured_key: Option<Vec<u8>>,
    dropped: AtomicU64,
    drop_log: Mutex<DropLog>,
}

#[derive(Default)]
struct Readiness {
    /// The vote key, once connected and migrated.
    key: Option<Arc<[u8]>>,
    /// Not before this instant after a failure, with that failure.
    failed: Option<(Instant, StoreError)>,
}

#[derive(Default)]
struct DropLog {
    last: Option<Instant>,
    unreported: u64,
}

/// Now, in Unix seconds.
pub fn now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64)
}

impl Store {
    /// A store for the configured database. Nothing is connected yet: the first write or read
    /// connects, creates the SQLite file and runs the migrations. Fails only on a `database.url`
    /// that cannot be read. Must be called inside a tokio runtime (it starts the writer task).
    pub fn open(settings: &DatabaseSettings) -> Result<Store, StoreError> {
        let url = settings.url.as_ref().map_or("", |u| u.expose());
        let backend = Backend::new(url, &settings.path)?;
        let configured_key = settings
            .vote_secret
            .as_ref()
            .map(|s| s.expose().trim())
            .filter(|s| !s.is_empty())
            .map(|s| s.as_bytes().to_vec());
        let shared = Arc::new(Shared {
            backend,
            told_newer: AtomicBool::new(false),
            ready: tokio::sync::Mutex::new(Readiness::default()),
            configured_key,
            dropped: AtomicU64::new(0),
            drop_log: Mutex::new(DropLog::default()),
        });
        let (tx, rx) = mpsc::channel(QUEUE);
        tokio::spawn(writer(rx, shared.clone()));
        // Connect and migrate now, in the background: what is wrong with the database (or
        // newer than this binary) is said at start, not at the first unanswered question.
        let warm_up = shared.clone();
        tokio::spawn(async move {
            if let Err(e) = warm_up.ready().await {
                tracing::warn!(
                    backend = warm_up.backend.kind(),
                    "{e}; answering goes on, and writes are dropped until it is back"
                );
            }
        });
        Ok(Store { tx, shared })
    }

    /// Opens the store and connects now: fails when the database is unavailable (for the
    /// command line, which should say so rather than show nothing).
    pub async fn connect(settings: &DatabaseSettings) -> Result<Store, StoreError> {
        let store = Store::open(settings)?;
        store.shared.ready().await?;
        Ok(store)
    }

    /// `"sqlite"` or `"postgres"`.
    pub fn kind(&self) -> &'static str {
        self.shared.backend.kind()
    }

    /// Records a declined or clarified question (queued; never waits).
    pub fn record_unanswered(&self, mut q: AskedQuestion) {
        q.question = clean_question(&q.question);
        if q.question.is_empty() {
            return;
        }
        self.enqueue(Job::Unanswered(q));
    }

    /// Counts one answer given with entry `entry` at `at` (queued; never waits).
    pub fn record_given(&self, entry: &str, at: i64) {
        self.enqueue(Job::Given {
            entry: entry.to_string(),
            at,
        });
    }

    /// Records a member's vote on an entry, replacing their earlier vote on it (queued; never
    /// waits). The member id is hashed before it is stored.
    pub fn record_vote(&self, entry: &str, member: u64, helpful: bool, at: i64) {
        self.enqueue(Job::Vote {
            entry: entry.to_string(),
            member,
            helpful,
            at,
        });
    }

    /// Waits until every write queued before this call was written or dropped.
    pub async fn flush(&self) {
        let (done, wait) = oneshot::channel();
        if self.tx.send(Job::Flush(done)).await.is_ok() {
            let _ = wait.await;
        }
    }

    /// Writes dropped so far (database unavailable, failing, or the queue full).
    pub fn dropped_writes(&self) -> u64 {
        self.shared.dropped.load(Ordering::Relaxed)
    }

    /// Distinct unanswered questions asked at or after `since` (Unix seconds), most asked first,
    /// at most `limit`; only those asked in server `guild` when given (a server's moderators see
    /// their members' questions, not another server's). Group them with [`crate::gaps::group`].
    pub async fn gaps_source(
        &self,
        since: i64,
        limit: usize,
        guild: Option<u64>,
    ) -> Result<Vec<UnansweredCount>, StoreError> {
        self.shared.ready().await?;
        Ok(self
            .shared
            .backend
            .unanswered_since(since, limit as i64, guild)
            .await?)
    }

    /// Answers given and votes per entry at or after `since` (Unix seconds), by entry id.
    pub async fn stats(&self, since: i64) -> Result<Vec<EntryStats>, StoreError> {
        self.shared.ready().await?;
        Ok(self.shared.backend.stats_since(since).await?)
    }

    /// Deletes rows from before `before` (Unix seconds).
    pub async fn purge(&self, before: i64) -> Result<Purged, StoreError> {
        self.shared.ready().await?;
        Ok(self.shared.backend.purge(before).await?)
    }

    /// Deletes rows older than `days` now and then every hour, until the task is aborted.
    pub fn spawn_retention(&self, days: u32) -> tokio::task::JoinHandle<()> {
        let store = self.clone();
        tokio::spawn(async move {
            let mut tick = tokio::time::interval(RETENTION_PERIOD);
            loop {
                tick.tick().await;
                let before = now() - i64::from(days) * DAY;
                match store.purge(before).await {
                    Ok(p) if p.total() > 0 => tracing::info!(
                        unanswered = p.unanswered,
                        day_counts = p.given,
                        votes = p.votes,
                        days,
                        "deleted rows past the retention period"
                    ),
                    Ok(_) => {}
                    Err(e) => tracing::warn!("retention: could not delete old rows: {e}"),
                }
            }
        })
    }

    /// Closes the database connections (queued writes not yet written are dropped).
    pub async fn close(&self) {
        self.shared.backend.close().await;
    }

    fn enqueue(&self, job: Job) {
        if let Err(e) = self.tx.try_send(job) {
            let why = match e {
                mpsc::error::TrySendError::Full(_) => {
                    "the write queue is full (the database is slow or unavailable)"
                }
                mpsc::error::TrySendError::Closed(_) => "the database writer has stopped",
            };
            self.shared.drop_write(why);
        }
    }
}

impl Shared {
    /// Connects and migrates once; after a failure, fails fast until [`RETRY_AFTER`] has passed.
    /// Returns the vote key.
    async fn ready(&self) -> Result<Arc<[u8]>, StoreError> {
        let mut r = self.ready.lock().await;
        if let Some(key) = &r.key {
            return Ok(key.clone());
        }
        if let Some((until, e)) = &r.failed {
            if Instant::now() < *until {
                return Err(e.clone());
            }
        }
        match self.prepare().await {
            Ok(key) => {
                if r.failed.take().is_some() {
                    tracing::info!(
                        backend = self.backend.kind(),
                        "the database is available again"
                    );
                }
                let key: Arc<[u8]> = key.into();
                r.key = Some(key.clone());
                Ok(key)
            }
            Err(e) => {
                r.failed = Some((Instant::now() + RETRY_AFTER, e.clone()));
                Err(e)
            }
        }
    }

    async fn prepare(&self) -> Result<Vec<u8>, StoreError> {
        let newer = self.backend.migrate().await?;
        if !newer.is_empty() && !self.told_newer.swap(true, Ordering::Relaxed) {
            let list: Vec<String> = newer
                .iter()
                .map(|(version, description)| format!("{version} ({description})"))
                .collect();
            tracing::warn!(
                backend = self.backend.kind(),
                "the database has migrations newer than this faqbot: {}; they are left alone, \
                 and answers, gaps and votes are still recorded in the tables this version knows",
                list.join(", ")
            );
        }
        if let Some(key) = &self.configured_key {
            return Ok(key.clone());
        }
        let proposed: String = rand::random::<[u8; 32]>()
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        let key = self
            .backend
            .meta_get_or_init(VOTE_KEY, &proposed)
            .await
            .map_err(|e| StoreError::Unavailable(e.to_string()))?;
        Ok(key.into_bytes())
    }

    async fn write(&self, job: Job) -> Result<(), StoreError> {
        let key = self.ready().await?;
        match job {
            Job::Unanswered(q) => self.backend.insert_unanswered(&q).await?,
            Job::Given { entry, at } => self.backend.count_given(&entry, at).await?,
            Job::Vote {
                entry,
                member,
                helpful,
                at,
            } => {
                let voter = voter_hash(&key, member);
                self.backend
                    .upsert_vote(&entry, &voter, helpful, at)
                    .await?
            }
            Job::Flush(done) => {
                let _ = done.send(());
            }
        }
        Ok(())
    }

    /// Counts a dropped write and logs it, at most once per [`DROP_LOG_PERIOD`].
    fn drop_write(&self, why: &str) {
        let total = self.dropped.fetch_add(1, Ordering::Relaxed) + 1;
        let mut log = self.drop_log.lock().unwrap_or_else(|p| p.into_inner());
        let now = Instant::now();
        log.unreported += 1;
        if log
            .last
            .is_none_or(|last| now.duration_since(last) >= DROP_LOG_PERIOD)
        {
            tracing::warn!(
                backend = self.backend.kind(),
                dropped = log.unreported,
                total,
                "database write dropped; answering goes on: {why}"
            );
            log.last = Some(now);
            log.unreported = 0;
        }
    }
}

async fn writer(mut rx: mpsc::Receiver<Job>, shared: Arc<Shared>) {
    while let Some(job) = rx.recv().await {
        if let Job::Flush(done) = job {
            let _ = done.send(());
            continue;
        }
        if let Err(e) = shared.write(job).await {
            shared.drop_write(&e.to_string());
        }
    }
}

/// The hex HMAC-SHA256 of a member id under the vote key: the same member gives the same value,
/// and the id cannot be read back without the key.
pub fn voter_hash(key: &[u8], member: u64) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(key).expect("HMAC takes keys of any length");
    mac.update(b"discord-user:");
    mac.update(member.to_string().as_bytes());
    mac.finalize()
        .into_bytes()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// A question as stored: control characters (which PostgreSQL text refuses, e.g. NUL) become
/// spaces, whitespace is collapsed, and it is cut to [`MAX_QUESTION_CHARS`].
fn clean_question(q: &str) -> String {
    let spaced: String = q
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    spaced
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .chars()
        .take(MAX_QUESTION_CHARS)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn voter_hash_is_keyed_and_stable() {
        let a = voter_hash(b"key-one", 42);
        assert_eq!(a, voter_hash(b"key-one", 42));
        assert_ne!(a, voter_hash(b"key-two", 42));
        assert_ne!(a, voter_hash(b"key-one", 43));
        assert_eq!(a.len(), 64);
        assert!(!a.contains("42"));
    }

    #[test]
    fn stored_questions_lose_control_characters_and_are_cut() {
        assert_eq!(clean_question(" a\u{0}b\n\tc  "), "a b c");
        assert_eq!(clean_question(&"x".repeat(900)).chars().count(), 500);
        assert_eq!(clean_question("\u{0}\u{7}"), "");
    }
}
