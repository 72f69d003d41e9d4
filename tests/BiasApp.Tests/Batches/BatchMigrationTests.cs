using Microsoft.AspNetCore.Identity;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BiasApp.Tests.Batches;

/// <summary>The batch tables come from the one context's migrations, with the lease columns replicas share batches by.</summary>
public sealed class BatchMigrationTests : IDisposable
{
    private readonly string _file = Path.Combine(Path.GetTempPath(), $"biasapp-batch-migrations-{Guid.NewGuid():N}.db");

    [Fact]
    public async Task ANewDatabaseGetsTheBatchTablesFromTheOneContext()
    {
        await using var services = KeyProvisioning.BuildServices($"Data Source={_file}", Path.GetTempPath());
        await using var scope = services.CreateAsyncScope();
        var db = await MigrateAsync(scope);
        db.Batches.Add(new BatchJob { Id = Guid.NewGuid(), OwnerId = "o", Name = "n", RowsTotal = 0, CreatedAt = DateTime.UtcNow, LeaseOwner = "me", LeaseExpiresAt = DateTime.UtcNow });
        await db.SaveChangesAsync();
        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
    }

    private static async Task<BiasDbContext> MigrateAsync(AsyncServiceScope scope)
    {
        var db = scope.ServiceProvider.GetRequiredService<BiasDbContext>();
        await AccountProvisioning.InitializeAsync(db, scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>());
        return db;
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        foreach (var file in new[] { _file, _file + "-wal", _file + "-shm" })
            if (File.Exists(file)) File.Delete(file);
    }
}
