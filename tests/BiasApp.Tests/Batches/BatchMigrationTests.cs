using BiasApp.Batches;
using BiasApp.Core.Analysis;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.Options;

namespace BiasApp.Tests.Batches;

public sealed class BatchMigrationTests
{
    [Fact]
    public async Task ABatchStoredBeforeSourceRowsWereKeptStillReadsAndExportsAfterTheMigration()
    {
        await using var connection = new SqliteConnection("Data Source=:memory:");
        await connection.OpenAsync();
        var options = new DbContextOptionsBuilder<BatchDbContext>()
            .UseSqlite(connection, sqlite => sqlite.MigrationsHistoryTable(BatchDbContext.MigrationsHistoryTable)).Options;
        await using var db = new BatchDbContext(options);
        await db.GetService<IMigrator>().MigrateAsync("20261127040153_CreateBatches");

        var id = Guid.NewGuid();
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO Batches (Id, OwnerId, Name, Status, RowsTotal, RowsDone, RowsFlagged, HasGroups, Threshold, CreatedAt)
            VALUES ({id}, 'old', 'old.csv', 'Done', 1, 1, 1, 0, 0.5, '2026-11-27 04:00:00');
            """);
        var sentences = """[{"text":"All cats are lazy.","probability":0.9}]""";
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO BatchRows (BatchId, "Index", Text, MaxProbability, Flagged, Sentences)
            VALUES ({id}, 0, 'All cats are lazy.', 0.9, 1, {sentences});
            """);

        await db.Database.MigrateAsync();

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
        Assert.EndsWith(",row_label,sentence_label,source_row", lines[0]);
        Assert.Equal("0,,true,0.9,0,All cats are lazy.,0.9,stereotype,,", lines[1]);
    }
}
