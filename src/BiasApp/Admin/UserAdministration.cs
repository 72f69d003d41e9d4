using BiasApp.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace BiasApp.Admin;

/// <summary>
/// The admin's changes to accounts: create, reset a password, change the role, disable or enable, revoke keys, delete.
/// The last active admin (Admin role, not disabled) cannot be disabled, demoted or deleted, here rather than in the page,
/// so no caller can lock the instance out. Changes run one at a time, so two admins demoting each other cannot both pass
/// the check. Each change uses its own scope: a Blazor circuit keeps its scoped services (and their tracked users) for as
/// long as the page is open.
/// </summary>
public sealed class UserAdministration(IServiceScopeFactory scopes, TimeProvider time, ILogger<UserAdministration> logger)
{
    private static readonly SemaphoreSlim Changes = new(1, 1);

    /// <summary>
    /// Refuses when <paramref name="actorId"/> is not an active admin now (demoted, disabled or deleted since the page
    /// opened), so an open page cannot act on a role its user no longer has.
    /// </summary>
    public async Task EnsureActiveAdminAsync(string actorId)
    {
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        if (await users.FindByIdAsync(actorId) is not { IsActive: true } actor || !await users.IsInRoleAsync(actor, Roles.Admin))
            throw new UserChangeRefusedException("You are no longer an active admin; sign in again.");
    }

    /// <summary>
    /// Why <paramref name="change"/> (e.g. "deleted") would be refused for <paramref name="userId"/> as things stand: it is the
    /// last active admin. Null when the change may go ahead, so a page can say so before asking for confirmation; the
    /// change itself checks again.
    /// </summary>
    public async Task<string?> LastAdminRefusalAsync(string userId, string change)
    {
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        try
        {
            await EnsureNotLastActiveAdminAsync(users, await FindAsync(users, userId), change);
            return null;
        }
        catch (UserChangeRefusedException ex)
        {
            return ex.Message;
        }
    }

    /// <summary>Every account that is not deleted, by e-mail.</summary>
    public async Task<IReadOnlyList<ManagedUser>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BiasDbContext>();
        var accounts = await db.Users.AsNoTracking().Where(u => u.DeletedAt == null).ToListAsync(cancellationToken);
        var adminIds = (await AdminIdsAsync(db, cancellationToken)).ToHashSet();
        var keyCounts = await db.ApiKeys.GroupBy(k => k.UserId).Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);
        var now = time.GetUtcNow();
        return accounts
            .Select(u => new ManagedUser(u.Id, u.Email ?? u.UserName ?? u.Id, adminIds.Contains(u.Id), u.IsDisabled,
                u.LockoutEnd > now ? u.LockoutEnd : null, u.PasswordHash is not null, keyCounts.GetValueOrDefault(u.Id), u.CreatedAt))
            .OrderBy(u => u.Email, StringComparer.OrdinalIgnoreCase).ToList();
    }

    /// <summary>Creates an account (Analyst, or also Admin) with a generated password, which is returned to be shown once.</summary>
    public Task<string> CreateAsync(string email, bool admin) => ChangeAsync(async (users, db) =>
    {
        email = email.Trim();
        var password = AccountProvisioning.GeneratePassword();
        var result = await AccountProvisioning.CreateUserAsync(users, email, password, admin);
        if (!result.Succeeded) throw new UserChangeRefusedException(AccountProvisioning.Describe(result));
        logger.LogInformation("Admin created account {Email} ({Role})", email, admin ? Roles.Admin : Roles.Analyst);
        return password;
    });

    /// <summary>Replaces the password with a generated one (returned to be shown once), ends any lockout and signs the user out elsewhere.</summary>
    public Task<string> ResetPasswordAsync(string userId) => ChangeAsync(async (users, db) =>
    {
        var user = await FindAsync(users, userId);
        var password = AccountProvisioning.GeneratePassword();
        var result = await AccountProvisioning.SetPasswordAsync(users, user, password);
        if (!result.Succeeded) throw new UserChangeRefusedException(AccountProvisioning.Describe(result));
        logger.LogInformation("Admin reset the password of {UserId}", userId);
        return password;
    });

    /// <summary>Adds the Admin role or takes it away (every account keeps Analyst).</summary>
    public Task SetAdminAsync(string userId, bool admin) => ChangeAsync(async (users, db) =>
    {
        var user = await FindAsync(users, userId);
        if (admin == await users.IsInRoleAsync(user, Roles.Admin)) return true;
        if (!admin) await EnsureNotLastActiveAdminAsync(users, user, "made an analyst");
        var result = admin ? await users.AddToRoleAsync(user, Roles.Admin) : await users.RemoveFromRoleAsync(user, Roles.Admin);
        if (!result.Succeeded) throw new UserChangeRefusedException(AccountProvisioning.Describe(result));
        // A new stamp makes open sessions pick up the role at their next check instead of keeping the old one.
        await users.UpdateSecurityStampAsync(user);
        logger.LogInformation("Admin {Change} {UserId}", admin ? "promoted" : "demoted", userId);
        return true;
    });

    /// <summary>Disables (or enables) an account: no sign-in, keys refused, existing cookies invalidated within a minute.</summary>
    public Task SetDisabledAsync(string userId, bool disabled) => ChangeAsync(async (users, db) =>
    {
        var user = await FindAsync(users, userId);
        if (disabled) await EnsureNotLastActiveAdminAsync(users, user, "disabled");
        user.IsDisabled = disabled;
        await users.UpdateSecurityStampAsync(user); // saves the user too
        logger.LogInformation("Admin {Change} {UserId}", disabled ? "disabled" : "enabled", userId);
        return true;
    });

    /// <summary>Revokes all of a user's API keys; returns how many.</summary>
    public Task<int> RevokeKeysAsync(string userId) => ChangeAsync(async (users, db) =>
    {
        var user = await FindAsync(users, userId);
        return await db.ApiKeys.Where(k => k.UserId == user.Id).ExecuteDeleteAsync();
    });

    /// <summary>
    /// Deletes an account but keeps its usage, attributed: usage rows reference the account row, so the row stays as a
    /// tombstone with its id and e-mail (see <see cref="AppUser.DeletedAt"/>); password, roles, claims, logins and keys go.
    /// </summary>
    public Task DeleteAsync(string userId) => ChangeAsync(async (users, db) =>
    {
        var user = await FindAsync(users, userId);
        await EnsureNotLastActiveAdminAsync(users, user, "deleted");
        var now = time.GetUtcNow().UtcDateTime;
        var userName = "deleted-" + user.Id;
        await using var transaction = await db.Database.BeginTransactionAsync();
        await db.ApiKeys.Where(k => k.UserId == user.Id).ExecuteDeleteAsync();
        await db.UserRoles.Where(r => r.UserId == user.Id).ExecuteDeleteAsync();
        await db.UserClaims.Where(c => c.UserId == user.Id).ExecuteDeleteAsync();
        await db.UserLogins.Where(l => l.UserId == user.Id).ExecuteDeleteAsync();
        await db.UserTokens.Where(t => t.UserId == user.Id).ExecuteDeleteAsync();
        // Written directly: UserManager would normalize the e-mail again, and the e-mail must be free for a new account.
        await db.Users.Where(u => u.Id == user.Id).ExecuteUpdateAsync(s => s
            .SetProperty(u => u.DeletedAt, now)
            .SetProperty(u => u.IsDisabled, true)
            .SetProperty(u => u.PasswordHash, (string?)null)
            .SetProperty(u => u.UserName, userName)
            .SetProperty(u => u.NormalizedUserName, userName.ToUpperInvariant())
            .SetProperty(u => u.NormalizedEmail, (string?)null)
            .SetProperty(u => u.LockoutEnd, (DateTimeOffset?)null)
            .SetProperty(u => u.SecurityStamp, Guid.NewGuid().ToString("N"))
            .SetProperty(u => u.ConcurrencyStamp, Guid.NewGuid().ToString()));
        await transaction.CommitAsync();
        // Its batches stop too: nobody could see their results, and they would go on counting usage.
        await using var batchScope = scopes.CreateAsyncScope();
        var batches = batchScope.ServiceProvider.GetService<BiasApp.Batches.BatchService>() is { } batchService
            ? await batchService.CancelAllAsync(user.Id) : 0;
        logger.LogInformation("Admin deleted account {UserId} ({Email}); its usage is kept, {Batches} batch(es) cancelled", user.Id, user.Email, batches);
        return true;
    });

    /// <summary>Runs one change in its own scope; the context is the one the user manager's store saves through.</summary>
    private async Task<T> ChangeAsync<T>(Func<UserManager<AppUser>, BiasDbContext, Task<T>> change)
    {
        await Changes.WaitAsync();
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            return await change(scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>(), scope.ServiceProvider.GetRequiredService<BiasDbContext>());
        }
        finally
        {
            Changes.Release();
        }
    }

    private static async Task<AppUser> FindAsync(UserManager<AppUser> users, string userId) =>
        await users.FindByIdAsync(userId) is { DeletedAt: null } user ? user : throw new UserChangeRefusedException("That account no longer exists.");

    /// <summary>Refuses the change when <paramref name="user"/> is an active admin and no other active admin exists.</summary>
    private static async Task EnsureNotLastActiveAdminAsync(UserManager<AppUser> users, AppUser user, string change)
    {
        if (user.IsDisabled || !await users.IsInRoleAsync(user, Roles.Admin)) return;
        var admins = await users.GetUsersInRoleAsync(Roles.Admin);
        if (!admins.Any(a => a.Id != user.Id && a.IsActive))
            throw new UserChangeRefusedException($"{user.Email} is the last active admin and cannot be {change}; make another user an admin first.");
    }

    private static Task<List<string>> AdminIdsAsync(BiasDbContext db, CancellationToken cancellationToken) =>
        (from ur in db.UserRoles join r in db.Roles on ur.RoleId equals r.Id where r.Name == Roles.Admin select ur.UserId).ToListAsync(cancellationToken);
}
