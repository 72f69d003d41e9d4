namespace BiasApp.Accounts;

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
