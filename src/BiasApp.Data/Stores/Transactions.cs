using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;

namespace BiasApp.Data;

/// <summary>Transactions whose settings differ by provider.</summary>
public static class Transactions
{
    /// <summary>
    /// A transaction at read committed on PostgreSQL, whatever the server's default; SQLite's own (serialisable: one writer
    /// at a time).
    /// </summary>
    public static Task<IDbContextTransaction> BeginReadCommittedAsync(this DatabaseFacade database, CancellationToken cancellationToken) =>
        database.IsPostgreSql()
            ? database.BeginTransactionAsync(System.Data.IsolationLevel.ReadCommitted, cancellationToken)
            : database.BeginTransactionAsync(cancellationToken);
}
