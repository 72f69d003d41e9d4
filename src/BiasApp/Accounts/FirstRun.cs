using BiasApp.Data;
using Microsoft.AspNetCore.Identity;
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

/// <summary>
/// The first-run form's account creation, scoped so that the user manager saves through the same context (and so the same
/// transaction) as <see cref="FirstAdmin"/>'s claim: of any number of forms posted at once, on any number of replicas,
/// one makes the admin.
/// </summary>
internal sealed class FirstAdminSetup(BiasDbContext db, UserManager<AppUser> users)
{
    public Task<IdentityResult> CreateAsync(string email, string password) => FirstAdmin.CreateAsync(db, users, email, password);
}

/// <summary>With an empty database, page requests go to <c>/account/setup</c> to create the first (admin) account.</summary>
internal sealed class FirstRunRedirect(RequestDelegate next)
{
    public const string SetupPath = "/account/setup";

    public async Task InvokeAsync(HttpContext context, FirstRunState state)
    {
        if (HttpMethods.IsGet(context.Request.Method) && IsPage(context.Request.Path) && !await state.HasUsersAsync(context.RequestAborted))
        {
            context.Response.Redirect(SetupPath);
            return;
        }
        await next(context);
    }

    private static bool IsPage(PathString path) =>
        !path.StartsWithSegments(SetupPath) && !path.StartsWithSegments("/api") && !path.StartsWithSegments("/_framework")
        && !path.StartsWithSegments("/_content") && !path.StartsWithSegments("/_blazor") && !path.StartsWithSegments("/health")
        && !path.StartsWithSegments("/openapi") && !Path.HasExtension(path.Value);
}
