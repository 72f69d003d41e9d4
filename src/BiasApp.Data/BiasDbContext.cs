using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace BiasApp.Data;

/// <summary>Identity, API keys and usage, in one SQLite database.</summary>
public sealed class BiasDbContext(DbContextOptions<BiasDbContext> options) : IdentityDbContext<AppUser>(options)
{
    public DbSet<ApiKey> ApiKeys => Set<ApiKey>();
    public DbSet<RevokedApiKey> RevokedApiKeys => Set<RevokedApiKey>();
    public DbSet<UsageEvent> UsageEvents => Set<UsageEvent>();
    public DbSet<DailyUsage> DailyUsage => Set<DailyUsage>();

    /// <summary>The trigger on <c>ApiKeys</c> that records every deleted key in <c>RevokedApiKeys</c> (created by migration <c>ApiKeyRevocations</c>).</summary>
    public const string RevokedKeyTrigger = "ApiKeys_Revoked";

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);

        builder.Entity<ApiKey>(key =>
        {
            // The RETURNING clause EF uses for saves is incompatible with AFTER triggers in SQLite (EF Core SQLite docs).
            key.ToTable(t => t.UseSqlReturningClause(false));
            key.HasIndex(k => k.Hash).IsUnique();
            key.Property(k => k.Name).HasMaxLength(100);
            key.Property(k => k.Prefix).HasMaxLength(16);
            key.Property(k => k.Hash).HasMaxLength(64);
            key.HasOne(k => k.User).WithMany().HasForeignKey(k => k.UserId).OnDelete(DeleteBehavior.Cascade);
        });

        // No foreign key: the row outlives the account, so a key deleted with its account still reads as revoked.
        builder.Entity<RevokedApiKey>(r =>
        {
            r.HasKey(k => k.Hash);
            r.Property(k => k.Hash).HasMaxLength(64);
        });

        builder.Entity<UsageEvent>(e =>
        {
            e.HasIndex(u => u.At);
            e.HasIndex(u => new { u.UserId, u.At });
            e.Property(u => u.Channel).HasMaxLength(8);
            e.Property(u => u.Explain).HasMaxLength(8);
            e.Property(u => u.Outcome).HasMaxLength(8);
            e.HasOne<AppUser>().WithMany().HasForeignKey(u => u.UserId).OnDelete(DeleteBehavior.Cascade);
        });

        builder.Entity<DailyUsage>(d =>
        {
            d.ToTable("DailyUsage");
            d.HasKey(u => new { u.UserId, u.Day });
            d.HasIndex(u => u.Day);
            d.HasOne<AppUser>().WithMany().HasForeignKey(u => u.UserId).OnDelete(DeleteBehavior.Cascade);
        });
    }
}
