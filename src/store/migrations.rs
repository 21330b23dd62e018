//! The schema migrations in `migrations/`, compiled into the binary so it runs from any folder.
//!
//! The files use sqlx's naming (`<version>_<description>.sql`), so `sqlx migrate run` can apply
//! them too. They are portable SQL: the same file runs on SQLite and PostgreSQL.

use std::borrow::Cow;
use std::future::Future;
use std::pin::Pin;

use sqlx::error::BoxDynError;
use sqlx::migrate::{Migration, MigrationSource, MigrationType, Migrator};

/// (version, description, SQL) of every migration, oldest first.
const MIGRATIONS: &[(i64, &str, &str)] = &[(
    1,
    "moderator workflow",
    include_str!("../../migrations/0001_moderator_workflow.sql"),
)];

/// The migrations above as a sqlx migration source.
#[derive(Debug)]
struct Embedded;

impl<'s> MigrationSource<'s> for Embedded {
    fn resolve(
        self,
    ) -> Pin<Box<dyn Future<Output = Result<Vec<Migration>, BoxDynError>> + Send + 's>> {
        Box::pin(async {
            Ok(MIGRATIONS
                .iter()
                .map(|&(version, description, sql)| {
                    Migration::new(
                        version,
                        Cow::Borrowed(description),
                        MigrationType::Simple,
                        Cow::Borrowed(sql),
                        false,
                    )
                })
                .collect())
        })
    }
}

/// The migrator for the embedded migrations.
pub(super) async fn migrator() -> Result<Migrator, sqlx::migrate::MigrateError> {
    Migrator::new(Embedded).await
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A file added to `migrations/` but not listed above would never run.
    #[test]
    fn every_file_in_the_migrations_folder_is_embedded() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("migrations");
        let mut files: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".sql"))
            .collect();
        files.sort();
        let versions: Vec<i64> = files
            .iter()
            .map(|n| n.split('_').next().unwrap().parse().unwrap())
            .collect();
        let embedded: Vec<i64> = MIGRATIONS.iter().map(|m| m.0).collect();
        assert_eq!(versions, embedded);
    }
}
