using Microsoft.EntityFrameworkCore;

namespace BiasApp.Data;

/// <summary>The batch queue's claim: which replica runs which batch, decided in one statement.</summary>
public static class BatchClaims
{
    /// <summary>
    /// Claims the oldest claimable batch (queued, or running with an expired lease), or only <paramref name="only"/>, for
    /// <paramref name="replica"/> until <paramref name="expires"/>; null when there is none. One statement for both engines:
    /// the batch is chosen in a subquery, which on PostgreSQL locks its row and skips rows other replicas are claiming
    /// (SQLite has one writer at a time, so the statement is atomic as it is).
    /// </summary>
    public static async Task<Guid?> ClaimNextAsync(BiasDbContext db, string replica, DateTime now, DateTime expires, Guid? only, CancellationToken cancellationToken)
    {
        var skipLocked = db.Database.IsPostgreSql() ? "FOR UPDATE SKIP LOCKED" : "";
        var claim = $$"""
            UPDATE "Batches" SET "Status" = {0}, "LeaseOwner" = {2}, "LeaseExpiresAt" = {3},
                "StartedAt" = COALESCE("StartedAt", {4}), "Attempts" = "Attempts" + 1
            WHERE "Id" = (SELECT "Id" FROM "Batches"
                          WHERE ("Status" = {1} OR ("Status" = {0} AND ("LeaseExpiresAt" IS NULL OR "LeaseExpiresAt" < {4})))
                              {{(only is null ? "" : """AND "Id" = {5}""")}}
                          ORDER BY "CreatedAt" LIMIT 1 {{skipLocked}})
            RETURNING "Id" AS "Value"
            """;
        object[] parameters = only is { } id
            ? [nameof(BatchStatus.Running), nameof(BatchStatus.Queued), replica, expires, now, id]
            : [nameof(BatchStatus.Running), nameof(BatchStatus.Queued), replica, expires, now];
        var ids = await db.Database.SqlQueryRaw<Guid>(claim, parameters).ToListAsync(cancellationToken);
        return ids.Count == 0 ? null : ids[0];
    }
}
