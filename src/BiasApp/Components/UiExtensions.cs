using BiasApp.Core.Analysis;
using MudBlazor.Services;

namespace BiasApp.Components;

/// <summary>Blazor Server and MudBlazor.</summary>
public static class UiExtensions
{
    public static WebApplicationBuilder AddUi(this WebApplicationBuilder builder)
    {
        // The text box sends its whole value on every keystroke. SignalR's default 32 KB message limit dropped the
        // circuit (and the text) from about 16,400 characters, under the 20,000 the page accepts. Worst case per
        // character: a JSON \u escape inside the event-args JSON string (7 bytes), and the value travels twice.
        var maxTextLength = builder.Configuration.GetValue($"{AnalysisOptions.Section}:{nameof(AnalysisOptions.MaxTextLength)}", new AnalysisOptions().MaxTextLength);
        builder.Services.AddRazorComponents().AddInteractiveServerComponents()
            .AddHubOptions(options => options.MaximumReceiveMessageSize = Math.Max(32 * 1024, 14L * maxTextLength + 64 * 1024));
        builder.Services.AddMudServices();
        return builder;
    }

    /// <summary>The Microsoft.AspNetCore.StaticAssets setting that turns its development catch-all off.</summary>
    private const string DisableStaticAssetFallback = "DisableStaticAssetNotFoundRuntimeFallback";

    public static WebApplication MapUi(this WebApplication app)
    {
        app.UseAntiforgery();
        // Run from build output (not published), MapStaticAssets adds a GET/HEAD catch-all ({**path:file}) for wwwroot files
        // added after the build. The router's method check counts that catch-all on every path, so any other method on an
        // unknown path (POST /api/v1/nope) would be a 405 instead of a 404. A published app has no such fallback; without it
        // here too, development and tests answer as production does (a file added to wwwroot then needs a rebuild).
        app.Configuration[DisableStaticAssetFallback] ??= "true";
        app.MapStaticAssets();
        // SecurityHeaders sends frame-ancestors 'none'; Blazor's own second CSP header (frame-ancestors 'self') would only repeat it more loosely.
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode(options => options.ContentSecurityFrameAncestorsPolicy = null);
        return app;
    }
}
