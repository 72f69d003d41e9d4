using Microsoft.Extensions.Options;

namespace BiasApp.Gateway;

/// <summary>
/// Answers 404 for the paths that are not for the public (<see cref="GatewayOptions"/>), before any route is chosen, so
/// no replica ever sees such a request. The path is the decoded one, as routing and the replicas see it: <c>/%6Detrics</c>
/// and <c>/METRICS/</c> are refused like <c>/metrics</c>.
/// </summary>
internal sealed class InternalPaths(RequestDelegate next, IOptions<GatewayOptions> options)
{
    private readonly PathString[] _paths =
        [.. GatewayOptions.BuiltInInternalPaths.Concat(options.Value.InternalPaths).Select(p => new PathString(p.TrimEnd('/')))];

    public Task InvokeAsync(HttpContext context)
    {
        if (!_paths.Any(p => context.Request.Path.StartsWithSegments(p, StringComparison.OrdinalIgnoreCase))) return next(context);
        context.Response.StatusCode = StatusCodes.Status404NotFound;
        return Task.CompletedTask;
    }
}
