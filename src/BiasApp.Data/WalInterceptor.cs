using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace BiasApp.Data;

/// <summary>WAL lets readers (dashboards) run beside the single writer, and a killed process leaves a consistent file.</summary>
internal sealed class WalInterceptor : DbConnectionInterceptor
{
    public static readonly WalInterceptor Instance = new();

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Apply(connection);

    public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Apply(connection);
        return Task.CompletedTask;
    }

    private static void Apply(DbConnection connection)
    {
        // EF Core opens a read-only connection to ask whether the file exists; switching the journal would be a write.
        if (connection is SqliteConnection { ConnectionString: var settings } && new SqliteConnectionStringBuilder(settings).Mode == SqliteOpenMode.ReadOnly) return;
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;";
        command.ExecuteNonQuery();
    }
}
