using BiasApp.Batches;
using BiasApp.Core.Analysis;
using Microsoft.AspNetCore.Identity;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace BiasApp.Tests.Batches;

/// <summary>
/// Databases from versions that kept the batch tables in a context of their own (history <c>__BatchMigrationsHistory</c>):
/// the merge into the one context keeps their batches, whichever of the old batch migrations they had.
/// </summary>
public sealed class BatchMigrationTests : IDisposable
{
    private readonly string _file = Path.Combine(Path.GetTempPath(), $"biasapp-legacy-{Guid.NewGuid():N}.db");

    // The tables as the old context's first migration (CreateBatches) made them, and its history.
    private const string CreateBatches = """
        CREATE TABLE "__BatchMigrationsHistory" ("MigrationId" TEXT NOT NULL CONSTRAINT "PK___BatchMigrationsHistory" PRIMARY KEY, "ProductVersion" TEXT NOT NULL);
        INSERT INTO "__BatchMigrationsHistory" VALUES ('20261127040153_CreateBatches', '10.0.0');
        CREATE TABLE "Batches" ("Id" TEXT NOT NULL CONSTRAINT "PK_Batches" PRIMARY KEY, "OwnerId" TEXT NOT NULL, "Name" TEXT NOT NULL,
            "Status" TEXT NOT NULL, "RowsTotal" INTEGER NOT NULL, "RowsDone" INTEGER NOT NULL, "RowsFlagged" INTEGER NOT NULL,
            "HasGroups" INTEGER NOT NULL, "Threshold" REAL NOT NULL, "Model" TEXT NULL, "Error" TEXT NULL, "CreatedAt" TEXT NOT NULL,
            "StartedAt" TEXT NULL, "FinishedAt" TEXT NULL);
        CREATE TABLE "BatchRows" ("BatchId" TEXT NOT NULL, "Index" INTEGER NOT NULL, "Text" TEXT NOT NULL, "Group" TEXT NULL,
            "MaxProbability" REAL NULL, "Flagged" INTEGER NULL, "Sentences" TEXT NULL,
            CONSTRAINT "PK_BatchRows" PRIMARY KEY ("BatchId", "Index"),
            CONSTRAINT "FK_BatchRows_Batches_BatchId" FOREIGN KEY ("BatchId") REFERENCES "Batches" ("Id") ON DELETE CASCADE);
        CREATE INDEX "IX_Batches_OwnerId_CreatedAt" ON "Batches" ("OwnerId", "CreatedAt");
        CREATE INDEX "IX_Batches_Status" ON "Batches" ("Status");
        """;

    // What its second migration (KeepSourceRowsAndSkipped) added.
    private const string KeepSourceRows = """
        INSERT INTO "__BatchMigrationsHistory" VALUES ('20261201190251_KeepSourceRowsAndSkipped', '10.0.0');
        ALTER TABLE "BatchRows" ADD COLUMN "PassThrough" TEXT NULL;
        ALTER TABLE "BatchRows" ADD COLUMN "SourceRow" INTEGER NULL;
        ALTER TABLE "Batches" ADD COLUMN "PassThroughColumns" TEXT NULL;
        ALTER TABLE "Batches" ADD COLUMN "RowsSkipped" INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE "Batches" ADD COLUMN "SkippedRows" TEXT NULL;
        """;

    [Fact]
    public async Task ABatchStoredBeforeSourceRowsWereKeptStillReadsAndExportsAfterTheMerge()
    {
        var id = Guid.NewGuid();
        await using var services = await LegacyDatabaseAsync(CreateBatches, $"""
            INSERT INTO Batches (Id, OwnerId, Name, Status, RowsTotal, RowsDone, RowsFlagged, HasGroups, Threshold, CreatedAt)
            VALUES ('{id.ToString().ToUpperInvariant()}', 'old', 'old.csv', 'Done', 1, 1, 1, 0, 0.5, '2026-11-27 04:00:00');
            INSERT INTO BatchRows (BatchId, "Index", Text, MaxProbability, Flagged, Sentences)
            VALUES ('{id.ToString().ToUpperInvariant()}', 0, 'All cats are lazy.', 0.9, 1, '[{"{"}"text":"All cats are lazy.","probability":0.9{"}"}]');
            """);
        await using var scope = services.CreateAsyncScope();
        var db = await MigrateAsync(scope);

        var service = new BatchService(db, new BatchJobs(), Options.Create(new BatchOptions()), Options.Create(new AnalysisOptions()), TimeProvider.System);
        var job = await service.FindAsync("old", id);
        var status = service.Status(job!);
        Assert.Equal((0, 0), (status.RowsSkipped, status.Skipped.Count));
        Assert.Empty(status.PassThroughColumns);
        var row = Assert.Single(await service.StreamResultsAsync(id).ToListAsync());
        Assert.Null(row.SourceRow);
        Assert.Null(row.Columns);

        using var csv = new MemoryStream();
        await BatchExport.WriteCsvAsync(csv, service.StreamResultsAsync(id), BatchService.PassThroughColumnsOf(job!), CancellationToken.None);
        var lines = System.Text.Encoding.UTF8.GetString(csv.ToArray()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.EndsWith(",row_label,sentence_label,source_row,row_review,sentence_review", lines[0]);
        Assert.Equal(",true,0.9,0,All cats are lazy.,0.9,stereotype,,,false,false", lines[1]);
        await AssertMergedAsync(db);
    }

    [Fact]
    public async Task ABatchWithSourceRowsFromTheOldContextKeepsThemAfterTheMerge()
    {
        var id = Guid.NewGuid();
        await using var services = await LegacyDatabaseAsync(CreateBatches + KeepSourceRows, $"""
            INSERT INTO Batches (Id, OwnerId, Name, Status, RowsTotal, RowsDone, RowsFlagged, HasGroups, Threshold, CreatedAt, RowsSkipped, PassThroughColumns)
            VALUES ('{id.ToString().ToUpperInvariant()}', 'old', 'old.csv', 'Done', 1, 1, 0, 0, 0.5, '2026-12-01 04:00:00', 2, '["id"]');
            INSERT INTO BatchRows (BatchId, "Index", SourceRow, PassThrough, Text, MaxProbability, Flagged, Sentences)
            VALUES ('{id.ToString().ToUpperInvariant()}', 0, 4, '{"{"}"id":"r7"{"}"}', 'The film was long.', 0.1, 0, '[]');
            """);
        await using var scope = services.CreateAsyncScope();
        var db = await MigrateAsync(scope);

        var job = await db.Batches.AsNoTracking().SingleAsync(b => b.Id == id);
        Assert.Equal((2, "[\"id\"]", (string?)null), (job.RowsSkipped, job.PassThroughColumns, job.LeaseOwner));
        var row = await db.BatchRows.AsNoTracking().SingleAsync(r => r.BatchId == id);
        Assert.Equal((4, "{\"id\":\"r7\"}"), (row.SourceRow, row.PassThrough));
        await AssertMergedAsync(db);
    }

    [Fact]
    public async Task ANewDatabaseGetsTheBatchTablesFromTheOneContext()
    {
        await using var services = KeyProvisioning.BuildServices($"Data Source={_file}", Path.GetTempPath());
        await using var scope = services.CreateAsyncScope();
        var db = await MigrateAsync(scope);
        db.Batches.Add(new BatchJob { Id = Guid.NewGuid(), OwnerId = "o", Name = "n", RowsTotal = 0, CreatedAt = DateTime.UtcNow, LeaseOwner = "me", LeaseExpiresAt = DateTime.UtcNow });
        await db.SaveChangesAsync();
        await AssertMergedAsync(db);
    }

    private async Task<ServiceProvider> LegacyDatabaseAsync(string schema, string rows)
    {
        var services = KeyProvisioning.BuildServices($"Data Source={_file}", Path.GetTempPath());
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BiasDbContext>();
        // The main context as it was before the merge, then the old batch context's tables beside it.
        await db.GetService<IMigrator>().MigrateAsync("20261201190310_ApiKeyRevocations");
        await db.Database.ExecuteSqlRawAsync(schema);
        await db.Database.ExecuteSqlRawAsync(rows.Replace("{", "{{").Replace("}", "}}")); // raw SQL, not a format string
        return services;
    }

    private static async Task<BiasDbContext> MigrateAsync(AsyncServiceScope scope)
    {
        var db = scope.ServiceProvider.GetRequiredService<BiasDbContext>();
        await AccountProvisioning.InitializeAsync(db, scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>());
        return db;
    }

    private static async Task AssertMergedAsync(BiasDbContext db)
    {
        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
        var legacy = await db.Database.SqlQuery<int>($"SELECT count(*) AS \"Value\" FROM sqlite_master WHERE name = {LegacyBatchTables.HistoryTable}").SingleAsync();
        Assert.Equal(0, legacy);
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        foreach (var file in new[] { _file, _file + "-wal", _file + "-shm" })
            if (File.Exists(file)) File.Delete(file);
    }
}
