using BiasApp.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace BiasApp.Tests.Data;

/// <summary>DateTime columns hold UTC; what comes back from the database says so (Kind Utc), so JSON writes it with its Z.</summary>
public sealed class UtcDateTimeTests : IDisposable
{
    private readonly string _file = Path.Combine(Path.GetTempPath(), $"biasapp-utc-{Guid.NewGuid():N}.db");

    private BiasDbContext Context()
    {
        var options = new DbContextOptionsBuilder<BiasDbContext>();
        DataServiceCollectionExtensions.Configure(options, new DatabaseSettings(DatabaseProvider.Sqlite, $"Data Source={_file}"));
        return new BiasDbContext(options.Options);
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        foreach (var file in Directory.GetFiles(Path.GetTempPath(), Path.GetFileName(_file) + "*")) File.Delete(file);
    }

    [Fact]
    public async Task DateTimesAndNullableDateTimesComeBackAsUtc()
    {
        var at = new DateTime(2026, 12, 7, 14, 30, 15, DateTimeKind.Utc);
        await using (var db = Context())
        {
            await db.Database.MigrateAsync();
            db.Batches.Add(new BatchJob { Id = Guid.NewGuid(), OwnerId = "owner", Name = "utc", CreatedAt = at, StartedAt = at.AddMinutes(1), FinishedAt = at.AddMinutes(2) });
            await db.SaveChangesAsync();
        }

        await using (var db = Context())
        {
            var job = await db.Batches.AsNoTracking().SingleAsync();
            Assert.Equal((at, DateTimeKind.Utc), (job.CreatedAt, job.CreatedAt.Kind));
            Assert.Equal((at.AddMinutes(1), DateTimeKind.Utc), (job.StartedAt!.Value, job.StartedAt.Value.Kind));
            Assert.Equal((at.AddMinutes(2), DateTimeKind.Utc), (job.FinishedAt!.Value, job.FinishedAt.Value.Kind));
            // A query compares them as stored.
            Assert.Equal(1, await db.Batches.CountAsync(b => b.CreatedAt >= at && b.FinishedAt < at.AddHours(1)));
        }
    }
}
