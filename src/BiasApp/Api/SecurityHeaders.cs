namespace BiasApp.Api;

/// <summary>
/// Security headers on every response. The CSP fits Blazor Server and MudBlazor: scripts only from this origin
/// (<c>blazor.web.js</c>, MudBlazor's script; App.razor has no inline import map, which this policy would block), inline styles because MudBlazor sets <c>style</c> attributes, and
/// <c>ws:</c>/<c>wss:</c> for the circuit's WebSocket. Nothing may frame the app.
/// </summary>
internal sealed class SecurityHeaders(RequestDelegate next)
{
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; " +
        "connect-src 'self' ws: wss:; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    public Task InvokeAsync(HttpContext context)
    {
        var headers = context.Response.Headers;
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "no-referrer";
        return next(context);
    }
}
