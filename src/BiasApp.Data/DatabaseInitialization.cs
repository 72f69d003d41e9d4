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
