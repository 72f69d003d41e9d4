using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace BiasApp.Data;

/// <summary>One initialisation at a time across every process that shares the database.</summary>
public static class DatabaseInitialization
{
    /// <summary>The PostgreSQL advisory lock key (any constant; "BiasInit" in ASCII).</summary>
    private const long LockKey = 0x4269617349_6e6974;

    /// <summary>
    /// Runs <paramref name="work"/> holding a lock every replica's start-up takes. PostgreSQL: a session advisory lock on the
    /// context's connection, kept open for the duration (so the work runs on that connection too). SQLite: nothing more than
    /// EF Core's own migration lock, since SQLite serialises writers and one file means one host.
    /// </summary>
    public static async Task ExclusiveAsync(BiasDbContext db, Func<Task> work, CancellationToken cancellationToken)
    {
        if (!db.Database.IsPostgreSql())
        {
            await work();
            return;
        }
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            // Waits as long as the replica before it needs (no command timeout: on a busy machine a first migration can take
            // longer than the default 30 s, and replicas started together then failed instead of waiting); shutdown still cancels.
            var timeout = db.Database.GetCommandTimeout();
            db.Database.SetCommandTimeout(0);
            try
            {
                await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_lock({LockKey})", cancellationToken);
            }
            finally
            {
                db.Database.SetCommandTimeout(timeout);
            }
            try
            {
                await work();
            }
            finally
            {
                await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_unlock({LockKey})", CancellationToken.None);
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }
}

/// <summary>
/// Batch tables made by versions that kept them in a context of their own (history table <c>__BatchMigrationsHistory</c>):
/// they are brought to that context's last schema, and its history table is dropped, so the <c>OneContext</c> migration
/// adopts them (it creates the tables only where they do not exist) and nothing is lost. SQLite only: no PostgreSQL database
/// predates the merge.
/// </summary>
public static class LegacyBatchTables
{
    public const string HistoryTable = "__BatchMigrationsHistory";
    private const string LastLegacyMigration = "20261201190251_KeepSourceRowsAndSkipped";

    public static async Task AdoptAsync(BiasDbContext db, CancellationToken cancellationToken)
    {
        if (!db.Database.IsSqlite()) return;
        // Opened through EF Core, so the connection gets the same set-up (WAL) as every other.
        await db.Database.OpenConnectionAsync(cancellationToken);
        var connection = (SqliteConnection)db.Database.GetDbConnection();
        try
        {
            if (await ScalarAsync(connection, null, $"SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = '{HistoryTable}'", cancellationToken) == 0)
                return;
            await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
            var hasTables = await ScalarAsync(connection, transaction, "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'Batches'", cancellationToken) > 0;
            // An old version that stopped during its very first batch migration left a history without tables: OneContext creates them.
            if (hasTables && await ScalarAsync(connection, transaction, $"SELECT count(*) FROM \"{HistoryTable}\" WHERE \"MigrationId\" = '{LastLegacyMigration}'", cancellationToken) == 0)
            {
                // What KeepSourceRowsAndSkipped added.
                await ExecuteAsync(connection, transaction, """
                    ALTER TABLE "BatchRows" ADD COLUMN "PassThrough" TEXT NULL;
                    ALTER TABLE "BatchRows" ADD COLUMN "SourceRow" INTEGER NULL;
                    ALTER TABLE "Batches" ADD COLUMN "PassThroughColumns" TEXT NULL;
                    ALTER TABLE "Batches" ADD COLUMN "RowsSkipped" INTEGER NOT NULL DEFAULT 0;
                    ALTER TABLE "Batches" ADD COLUMN "SkippedRows" TEXT NULL;
                    """, cancellationToken);
            }
            await ExecuteAsync(connection, transaction, $"DROP TABLE \"{HistoryTable}\"", cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private static async Task<long> ScalarAsync(SqliteConnection connection, SqliteTransaction? transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken));
    }

    private static async Task ExecuteAsync(SqliteConnection connection, SqliteTransaction transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
