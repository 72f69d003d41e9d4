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

    public static WebApplication MapUi(this WebApplication app)
    {
        app.UseAntiforgery();
        app.MapStaticAssets();
        // SecurityHeaders sends frame-ancestors 'none'; Blazor's own second CSP header (frame-ancestors 'self') would only repeat it more loosely.
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode(options => options.ContentSecurityFrameAncestorsPolicy = null);
        return app;
    }
}
