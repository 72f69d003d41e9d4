using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace BiasApp.Data;

/// <summary>
/// Creates the first admin of a database exactly once, however many replicas start with <c>Admin:Email</c> set and however
/// many first-run forms are posted at the same moment. Each attempt inserts the <see cref="ClaimName"/> row into
/// <c>SetupClaims</c>, only while no account exists, and creates the account in the same transaction: the database lets one
/// insert through (the others wait on the row's key and then find it taken), and a failed creation rolls the claim back.
/// </summary>
public static class FirstAdmin
{
    /// <summary>The <see cref="SetupClaim.Name"/> of the first admin.</summary>
    public const string ClaimName = "FirstAdmin";

    /// <summary>The error code of the result when another attempt (or an existing account) came first.</summary>
    public const string AlreadyMadeCode = "FirstAdminAlreadyMade";

    /// <summary>
    /// Creates <paramref name="email"/> as an Admin (and Analyst) unless the database has an account or a first admin already;
    /// then the result fails with <see cref="AlreadyMadeCode"/>. <paramref name="users"/> must work on <paramref name="db"/>
    /// (both from one service scope), so that the account is saved inside the claim's transaction.
    /// </summary>
    public static async Task<IdentityResult> CreateAsync(BiasDbContext db, UserManager<AppUser> users, string email, string password,
        CancellationToken cancellationToken = default)
    {
        // SQLite begins it IMMEDIATE (the write lock first); PostgreSQL holds the claimed key until the commit.
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var claimed = await db.Database.ExecuteSqlAsync($"""
            INSERT INTO "SetupClaims" ("Name", "ClaimedAt")
            SELECT {ClaimName}, {DateTime.UtcNow}
            WHERE NOT EXISTS (SELECT 1 FROM "AspNetUsers")
            ON CONFLICT ("Name") DO NOTHING
            """, cancellationToken);
        if (claimed == 0) return IdentityResult.Failed(new IdentityError { Code = AlreadyMadeCode, Description = "The first admin has already been created." });

        var result = await AccountProvisioning.CreateUserAsync(users, email, password, admin: true);
        // Not committed, the transaction rolls back when disposed, and the claim with it: a later attempt may try again.
        if (result.Succeeded) await transaction.CommitAsync(CancellationToken.None);
        return result;
    }

    public static bool IsAlreadyMade(IdentityResult result) => result.Errors.Any(e => e.Code == AlreadyMadeCode);
}
