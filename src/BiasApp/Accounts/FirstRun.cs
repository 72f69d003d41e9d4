using BiasApp.Data;
using Microsoft.EntityFrameworkCore;

namespace BiasApp.Accounts;

/// <summary>Whether any account exists; once one does, the answer is cached for the life of the app.</summary>
public sealed class FirstRunState(IDbContextFactory<BiasDbContext> dbs)
{
    private volatile bool _hasUsers;

    /// <summary>Serialises first-account creation so two browsers cannot both create an admin.</summary>
    public SemaphoreSlim SetupLock { get; } = new(1, 1);

    public async Task<bool> HasUsersAsync(CancellationToken cancellationToken = default)
    {
        if (_hasUsers) return true;
        await using var db = await dbs.CreateDbContextAsync(cancellationToken);
        return _hasUsers = await db.Users.AnyAsync(cancellationToken);
    }
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
