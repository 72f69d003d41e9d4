using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace BiasApp.Data;

/// <summary>
/// Identity, API keys, usage, batches, stored documents, feedback and the Data Protection key ring, in one database: SQLite (one replica) or PostgreSQL
/// (several replicas); see <see cref="DatabaseProvider"/>.
/// </summary>
public sealed class BiasDbContext(DbContextOptions<BiasDbContext> options) : IdentityDbContext<AppUser>(options), IDataProtectionKeyContext
{
    public DbSet<ApiKey> ApiKeys => Set<ApiKey>();
    public DbSet<RevokedApiKey> RevokedApiKeys => Set<RevokedApiKey>();
    public DbSet<UsageEvent> UsageEvents => Set<UsageEvent>();
    public DbSet<DailyUsage> DailyUsage => Set<DailyUsage>();
    public DbSet<UsageReservation> UsageReservations => Set<UsageReservation>();
    public DbSet<BatchJob> Batches => Set<BatchJob>();
    public DbSet<BatchRow> BatchRows => Set<BatchRow>();

    /// <summary>Analyses of documents uploaded through the API, for their reports.</summary>
    public DbSet<StoredDocument> Documents => Set<StoredDocument>();

    /// <summary>Analysts' verdicts on sentences and the admins' decisions on them.</summary>
    public DbSet<FeedbackItem> Feedback => Set<FeedbackItem>();

    /// <summary>One-time set-up steps taken, such as creating the first admin (<see cref="FirstAdmin"/>).</summary>
    public DbSet<SetupClaim> SetupClaims => Set<SetupClaim>();

    /// <summary>The cookie and antiforgery key ring, shared by every replica (ASP.NET Core Data Protection).</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    /// <summary>The trigger on <c>ApiKeys</c> that records every deleted key in <c>RevokedApiKeys</c> (created by migration <c>ApiKeyRevocations</c>).</summary>
    public const string RevokedKeyTrigger = "ApiKeys_Revoked";

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
        configurationBuilder.Properties<DateTime?>().HaveConversion<UtcDateTimeConverter>();
    }

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

        builder.Entity<SetupClaim>(claim =>
        {
            claim.HasKey(c => c.Name);
            claim.Property(c => c.Name).HasMaxLength(64);
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

        builder.Entity<UsageReservation>(r =>
        {
            r.HasIndex(u => new { u.UserId, u.Day });
            r.HasIndex(u => u.ExpiresAt);
            r.HasOne<AppUser>().WithMany().HasForeignKey(u => u.UserId).OnDelete(DeleteBehavior.Cascade);
        });

        builder.Entity<BatchJob>(job =>
        {
            job.ToTable("Batches");
            job.Property(j => j.OwnerId).HasMaxLength(450);
            job.Property(j => j.Name).HasMaxLength(260);
            job.Property(j => j.Status).HasConversion<string>().HasMaxLength(16);
            job.Property(j => j.LeaseOwner).HasMaxLength(200);
            job.HasIndex(j => new { j.OwnerId, j.CreatedAt });
            job.HasIndex(j => j.Status);
            job.Ignore(j => j.IsActive);
        });
        builder.Entity<BatchRow>(row =>
        {
            row.ToTable("BatchRows");
            row.HasKey(r => new { r.BatchId, r.Index });
            row.HasOne<BatchJob>().WithMany().HasForeignKey(r => r.BatchId).OnDelete(DeleteBehavior.Cascade);
        });
        builder.Entity<StoredDocument>(document =>
        {
            document.ToTable("Documents");
            document.Property(d => d.OwnerId).HasMaxLength(450);
            document.Property(d => d.Name).HasMaxLength(260);
            document.Property(d => d.Format).HasMaxLength(8);
            document.HasIndex(d => new { d.OwnerId, d.CreatedAt });
            document.HasIndex(d => d.CreatedAt);
        });
        builder.Entity<FeedbackItem>(item =>
        {
            item.ToTable("Feedback");
            item.Property(f => f.Kind).HasMaxLength(16);
            item.Property(f => f.ModelKind).HasMaxLength(16);
            item.Property(f => f.ModelName).HasMaxLength(100);
            item.Property(f => f.ModelVersion).HasMaxLength(64);
            item.Property(f => f.Status).HasMaxLength(16);
            item.Property(f => f.Note).HasMaxLength(FeedbackStore.MaxNoteLength);
            item.HasIndex(f => new { f.Status, f.CreatedAt });
            item.HasIndex(f => f.UserId);
            // Restrict, not cascade: feedback outlives its author and decider (a deleted account stays as a tombstone).
            item.HasOne<AppUser>().WithMany().HasForeignKey(f => f.UserId).OnDelete(DeleteBehavior.Restrict);
            item.HasOne<AppUser>().WithMany().HasForeignKey(f => f.DecidedById).OnDelete(DeleteBehavior.Restrict);
        });
    }
}
