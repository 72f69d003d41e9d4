using BiasApp.Data;
using Microsoft.EntityFrameworkCore;

namespace BiasApp.Accounts;

/// <summary>
/// Whether any account exists; once one does, the answer is cached for the life of the app. Only for showing or skipping
/// the first-run page: the first admin itself is claimed in the database (<see cref="FirstAdminSetup"/>).
/// </summary>
public sealed class FirstRunState(IDbContextFactory<BiasDbContext> dbs)
{
    private volatile bool _hasUsers;

    public async Task<bool> HasUsersAsync(CancellationToken cancellationToken = default)
    {
        if (_hasUsers) return true;
        await using var db = await dbs.CreateDbContextAsync(cancellationToken);
        return _hasUsers = await db.Users.AnyAsync(cancellationToken);
    }
}
