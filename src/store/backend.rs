//! The SQL, run on either SQLite or PostgreSQL. Every statement is written once in portable SQL
//! (numbered `$N` parameters, `ON CONFLICT … DO UPDATE`, sums cast to BIGINT) and run on the pool
//! of the configured backend.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use sqlx::pool::PoolConnection;
use sqlx::postgres::{PgConnectOptions, PgPool, PgPoolOptions};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions};
use sqlx::Connection;
use sqlx::Sqlite;

use super::{AskedQuestion, StoreError};

/// Seconds in a day: answer counts are kept per day.
pub const DAY: i64 = 86_400;
/// How long one connection attempt or wait for a free connection may take.
const ACQUIRE_TIMEOUT: Duration = Duration::from_secs(3);
/// How long SQLite waits for a lock held by another process before giving up on a statement.
const SQLITE_BUSY_TIMEOUT: Duration = Duration::from_secs(2);
/// How long SQLite waits for another process's migrations to finish.
const MIGRATION_WAIT: Duration = Duration::from_secs(30);

/// The database, by kind.
#[derive(Debug)]
pub(super) enum Backend {
    /// An SQLite file (the folder is created before the first connection).
    Sqlite {
        /// Connections (opened lazily).
        pool: SqlitePool,
        /// The file, for creating its folder.
        file: Option<PathBuf>,
    },
    /// A PostgreSQL server.
    Postgres(PgPool),
}

/// Runs `$body` with `$pool` bound to whichever pool the backend has.
macro_rules! on_pool {
    ($backend:expr, $pool:ident => $body:expr) => {
        match $backend {
            Backend::Sqlite { pool: $pool, .. } => $body,
            Backend::Postgres($pool) => $body,
        }
    };
}

/// How many times entries were given and rated in a period.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct EntryStats {
    /// The entry id.
    pub entry: String,
    /// Answers given.
    pub given: i64,
    /// "Helpful" votes.
    pub helpful: i64,
    /// "Not helpful" votes.
    pub not_helpful: i64,
}

/// One distinct unanswered question and how often it was asked in a period.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnansweredCount {
    /// The question as asked.
    pub question: String,
    /// Times declined.
    pub declined: i64,
    /// Times answered with "did you mean" suggestions.
    pub clarified: i64,
}

/// Rows deleted by a retention run.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Purged {
    /// Unanswered questions.
    pub unanswered: u64,
    /// Per-day answer counts.
    pub given: u64,
    /// Votes.
    pub votes: u64,
}

impl Purged {
    /// All rows deleted.
    pub fn total(&self) -> u64 {
        self.unanswered + self.given + self.votes
    }
}

impl Backend {
    /// A backend for `url` (`postgres://…`, `sqlite:…`), or for the SQLite file `path` when
    /// `url` is empty. Connects lazily: nothing is opened yet.
    pub(super) fn new(url: &str, path: &std::path::Path) -> Result<Backend, StoreError> {
        let url = url.trim();
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            let options: PgConnectOptions = url
                .parse()
                .map_err(|e: sqlx::Error| StoreError::BadUrl(e.to_string()))?;
            let pool = PgPoolOptions::new()
                .max_connections(4)
                .acquire_timeout(ACQUIRE_TIMEOUT)
                .connect_lazy_with(options);
            return Ok(Backend::Postgres(pool));
        }
        let options: SqliteConnectOptions = if url.is_empty() {
            SqliteConnectOptions::new().filename(path)
        } else {
            url.parse()
                .map_err(|e: sqlx::Error| StoreError::BadUrl(e.to_string()))?
        };
        let file = Some(options.get_filename().to_path_buf())
            .filter(|f| !f.as_os_str().is_empty() && f.as_os_str() != ":memory:");
        // A small page cache: the bot writes a row now and then and reads for moderators; the
        // default 2 MB per connection would be most of the bot's memory in a burst.
        let options = options
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .busy_timeout(SQLITE_BUSY_TIMEOUT)
            .pragma("cache_size", "-256");
        let pool = SqlitePoolOptions::new()
            .max_connections(2)
            .acquire_timeout(ACQUIRE_TIMEOUT)
            .connect_lazy_with(options);
        Ok(Backend::Sqlite { pool, file })
    }

    /// `"sqlite"` or `"postgres"`, for logs.
    pub(super) fn kind(&self) -> &'static str {
        match self {
            Backend::Sqlite { .. } => "sqlite",
            Backend::Postgres(_) => "postgres",
        }
    }

    /// Creates the SQLite folder if needed and applies the migrations this binary knows.
    /// Returns those the database has and this binary does not know, (version, description),
    /// oldest first: a newer faqbot ran on it.
    ///
    /// Safe when several processes start at once on the same database. On PostgreSQL sqlx's
    /// migrator takes an advisory lock. SQLite has no lock for it to take, so two processes on a
    /// fresh file would both create the tables ("table unanswered already exists"): the
    /// migrations run in one write transaction begun with `BEGIN IMMEDIATE`, which takes the
    /// file's write lock first, so the second process waits, then finds them applied. Before
    /// that, the first connection waits out the other process switching the fresh file to WAL
    /// mode ([`first_connection`]).
    ///
    /// Migrations the binary does not know are left alone rather than refused: the tables it
    /// knows are still there, and recording into them goes on.
    pub(super) async fn migrate(&self) -> Result<Vec<(i64, String)>, StoreError> {
        let unavailable = |e: &dyn std::fmt::Display| StoreError::Unavailable(e.to_string());
        if let Backend::Sqlite {
            file: Some(file), ..
        } = self
        {
            if let Some(dir) = file.parent().filter(|d| !d.as_os_str().is_empty()) {
                std::fs::create_dir_all(dir).map_err(|e| {
                    StoreError::Unavailable(format!("cannot create {}: {e}", dir.display()))
                })?;
            }
        }
        let mut migrator = super::migrations::migrator()
            .await
            .map_err(|e| unavailable(&e))?;
        migrator.set_ignore_missing(true);
        let newest = migrator.iter().map(|m| m.version).max().unwrap_or(0);
        match self {
            Backend::Sqlite { pool, .. } => {
                let mut conn = first_connection(pool).await.map_err(|e| unavailable(&e))?;
                // Another process may be migrating: wait for it longer than for a write.
                let wait = format!("PRAGMA busy_timeout = {}", MIGRATION_WAIT.as_millis());
                let normal = format!("PRAGMA busy_timeout = {}", SQLITE_BUSY_TIMEOUT.as_millis());
                sqlx::query(&wait)
                    .execute(&mut *conn)
                    .await
                    .map_err(|e| unavailable(&e))?;
                let result = async {
                    let mut tx = conn.begin_with("BEGIN IMMEDIATE").await?;
                    migrator.run_direct(&mut *tx).await?;
                    tx.commit().await?;
                    Ok::<(), sqlx::migrate::MigrateError>(())
                }
                .await;
                sqlx::query(&normal)
                    .execute(&mut *conn)
                    .await
                    .map_err(|e| unavailable(&e))?;
                result.map_err(|e| unavailable(&e))?;
            }
            Backend::Postgres(pool) => migrator.run(pool).await.map_err(|e| unavailable(&e))?,
        }
        const NEWER: &str = "SELECT version, description FROM _sqlx_migrations \
                             WHERE version > $1 ORDER BY version";
        let newer: Vec<(i64, String)> = on_pool!(self, pool => {
            sqlx::query_as(NEWER).bind(newest).fetch_all(pool).await
        })
        .map_err(|e| unavailable(&e))?;
        Ok(newer)
    }

    /// The value of `key` in the shared settings, set to `proposed` first if it had none (so
    /// processes sharing the database agree on it).
    pub(super) async fn meta_get_or_init(
        &self,
        key: &str,
        proposed: &str,
    ) -> Result<String, sqlx::Error> {
        const INSERT: &str =
            "INSERT INTO meta (key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING";
        const SELECT: &str = "SELECT value FROM meta WHERE key = $1";
        on_pool!(self, pool => {
            sqlx::query(INSERT).bind(key).bind(proposed).execute(pool).await?;
            sqlx::query_scalar::<_, String>(SELECT).bind(key).fetch_one(pool).await
        })
    }

    pub(super) async fn insert_unanswered(&self, q: &AskedQuestion) -> Result<(), sqlx::Error> {
        const SQL: &str =
            "INSERT INTO unanswered (asked_at, guild_id, channel_id, outcome, question) \
                           VALUES ($1, $2, $3, $4, $5)";
        let guild = q.guild.map(|g| g as i64);
        on_pool!(self, pool => sqlx::query(SQL)
            .bind(q.at)
            .bind(guild)
            .bind(q.channel as i64)
            .bind(q.outcome.as_str())
            .bind(q.question.as_str())
            .execute(pool)
            .await
            .map(drop))
    }

    pub(super) async fn count_given(&self, entry: &str, at: i64) -> Result<(), sqlx::Error> {
        const SQL: &str = "INSERT INTO answers_given (entry_id, day, given) VALUES ($1, $2, 1) \
                           ON CONFLICT (entry_id, day) DO UPDATE SET given = answers_given.given + 1";
        let day = at.div_euclid(DAY);
        on_pool!(self, pool => sqlx::query(SQL).bind(entry).bind(day).execute(pool).await.map(drop))
    }

    pub(super) async fn upsert_vote(
        &self,
        entry: &str,
        voter: &str,
        helpful: bool,
        at: i64,
    ) -> Result<(), sqlx::Error> {
        const SQL: &str =
            "INSERT INTO votes (entry_id, voter, helpful, voted_at) VALUES ($1, $2, $3, $4) \
                           ON CONFLICT (entry_id, voter) DO UPDATE \
                           SET helpful = excluded.helpful, voted_at = excluded.voted_at";
        let helpful = i64::from(helpful);
        on_pool!(self, pool => sqlx::query(SQL)
            .bind(entry)
            .bind(voter)
            .bind(helpful)
            .bind(at)
            .execute(pool)
            .await
            .map(drop))
    }

    /// Distinct unanswered questions asked at or after `since` (in one server, or anywhere),
    /// most asked first.
    pub(super) async fn unanswered_since(
        &self,
        since: i64,
        limit: i64,
        guild: Option<u64>,
    ) -> Result<Vec<UnansweredCount>, sqlx::Error> {
        const ANYWHERE: &str = "SELECT question, \
                 CAST(SUM(CASE WHEN outcome = 'decline' THEN 1 ELSE 0 END) AS BIGINT), \
                 CAST(SUM(CASE WHEN outcome = 'clarify' THEN 1 ELSE 0 END) AS BIGINT) \
             FROM unanswered WHERE asked_at >= $1 \
             GROUP BY question ORDER BY COUNT(*) DESC, question LIMIT $2";
        const IN_GUILD: &str = "SELECT question, \
                 CAST(SUM(CASE WHEN outcome = 'decline' THEN 1 ELSE 0 END) AS BIGINT), \
                 CAST(SUM(CASE WHEN outcome = 'clarify' THEN 1 ELSE 0 END) AS BIGINT) \
             FROM unanswered WHERE asked_at >= $1 AND guild_id = $3 \
             GROUP BY question ORDER BY COUNT(*) DESC, question LIMIT $2";
        let rows: Vec<(String, i64, i64)> = on_pool!(self, pool => match guild {
            None => sqlx::query_as(ANYWHERE).bind(since).bind(limit).fetch_all(pool).await,
            Some(g) => {
                sqlx::query_as(IN_GUILD).bind(since).bind(limit).bind(g as i64).fetch_all(pool).await
            }
        })?;
        Ok(rows
            .into_iter()
            .map(|(question, declined, clarified)| UnansweredCount {
                question,
                declined,
                clarified,
            })
            .collect())
    }

    /// Answers given and votes per entry since `since`, by entry id.
    pub(super) async fn stats_since(&self, since: i64) -> Result<Vec<EntryStats>, sqlx::Error> {
        const GIVEN: &str = "SELECT entry_id, CAST(SUM(given) AS BIGINT) FROM answers_given \
                             WHERE day >= $1 GROUP BY entry_id";
        const VOTES: &str = "SELECT entry_id, \
                 CAST(SUM(CASE WHEN helpful = 1 THEN 1 ELSE 0 END) AS BIGINT), \
                 CAST(SUM(CASE WHEN helpful = 0 THEN 1 ELSE 0 END) AS BIGINT) \
             FROM votes WHERE voted_at >= $1 GROUP BY entry_id";
        let day = since.div_euclid(DAY);
        type Given = Vec<(String, i64)>;
        type Votes = Vec<(String, i64, i64)>;
        let (given, votes): (Given, Votes) = on_pool!(self, pool => {
            let given = sqlx::query_as(GIVEN).bind(day).fetch_all(pool).await?;
            let votes = sqlx::query_as(VOTES).bind(since).fetch_all(pool).await?;
            (given, votes)
        });
        let mut out: std::collections::BTreeMap<String, EntryStats> = Default::default();
        for (entry, n) in given {
            out.entry(entry.clone())
                .or_insert_with(|| EntryStats {
                    entry,
                    ..EntryStats::default()
                })
                .given = n;
        }
        for (entry, up, down) in votes {
            let s = out.entry(entry.clone()).or_insert_with(|| EntryStats {
                entry,
                ..EntryStats::default()
            });
            s.helpful = up;
            s.not_helpful = down;
        }
        Ok(out.into_values().collect())
    }

    /// Deletes rows from before `before` (Unix seconds). Day counts go once their whole day is
    /// before it.
    pub(super) async fn purge(&self, before: i64) -> Result<Purged, sqlx::Error> {
        let day = before.div_euclid(DAY);
        on_pool!(self, pool => {
            let unanswered = sqlx::query("DELETE FROM unanswered WHERE asked_at < $1")
                .bind(before).execute(pool).await?.rows_affected();
            let given = sqlx::query("DELETE FROM answers_given WHERE day < $1")
                .bind(day).execute(pool).await?.rows_affected();
            let votes = sqlx::query("DELETE FROM votes WHERE voted_at < $1")
                .bind(before).execute(pool).await?.rows_affected();
            Ok(Purged { unanswered, given, votes })
        })
    }

    /// Closes the pool's connections.
    pub(super) async fn close(&self) {
        on_pool!(self, pool => pool.close().await)
    }
}

/// A connection to the SQLite file, waiting for another process that is setting up the same
/// fresh file. The first connection switches a new file to WAL mode, which needs the file to
/// itself for a moment; when another process is doing the same, SQLite answers "database is
/// locked" at once (its busy timeout does not cover this), so connecting is tried again for up
/// to [`MIGRATION_WAIT`].
async fn first_connection(pool: &SqlitePool) -> Result<PoolConnection<Sqlite>, sqlx::Error> {
    let deadline = Instant::now() + MIGRATION_WAIT;
    loop {
        match pool.acquire().await {
            Err(e) if is_busy(&e) && Instant::now() < deadline => {
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
            result => return result,
        }
    }
}

/// True for SQLite's "database is locked" (SQLITE_BUSY, SQLITE_LOCKED and their extended codes).
fn is_busy(e: &sqlx::Error) -> bool {
    let sqlx::Error::Database(e) = e else {
        return false;
    };
    e.code()
        .and_then(|code| code.parse::<i32>().ok())
        .is_some_and(|code| matches!(code & 0xff, 5 | 6))
}
