using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Options;

namespace BiasApp.Tests;

public sealed class SmokeTests(BiasAppFactory factory) : IClassFixture<BiasAppFactory>
{
    [Fact]
    public async Task HomePageRendersTheAnalysisFormWithMudBlazorAssets()
    {
        var session = await Accounts.AccountForms.SignedInAnalystAsync(factory, "smoke-home@example.test");
        var response = await session.Client.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("analyze-button", html);
        Assert.Contains("_content/MudBlazor/MudBlazor.min", html);
        Assert.DoesNotContain("fonts.googleapis.com", html);
    }

    [Theory]
    [InlineData("/_content/MudBlazor/MudBlazor.min.css")]
    [InlineData("/_content/MudBlazor/MudBlazor.min.js")]
    [InlineData("/_framework/blazor.web.js")]
    [InlineData("/app.css")]
    public async Task StaticAssetsAreServed(string path)
    {
        var response = await factory.CreateClient().GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData("Analysis:MaxTextLength", "0")]
    [InlineData("Model:BatchSize", "0")]
    [InlineData("Analysis:Threshold", "2")]
    public void InvalidConfigurationStopsStartUpNamingTheSetting(string key, string value)
    {
        // WebApplicationFactory races the app here: the app's entry point fails validation and disposes its host while the
        // factory, on the test thread, may still be reading that host's services (ObjectDisposedException instead of the
        // app's own error; seen once in CI under load). That is the harness, not the app: try again, at most three times.
        for (var attempt = 1; ; attempt++)
        {
            using var app = factory.WithWebHostBuilder(builder => builder.UseSetting(key, value));
            var ex = Record.Exception(() => app.CreateClient());
            if (ex is ObjectDisposedException && attempt < 3) continue;
            var validation = Assert.IsType<OptionsValidationException>(ex);
            Assert.Contains(key.Split(':')[1], validation.Message);
            return;
        }
    }

    [Fact]
    public async Task HomePageShowsABannerWhenTheModelIsMissing()
    {
        using var app = factory.WithoutModel();
        var session = await Accounts.AccountForms.SignedInAnalystAsync(app, "smoke-banner@example.test");
        var html = await session.Client.GetStringAsync("/");
        Assert.Contains("model-banner", html);
        Assert.Contains("Rules mode", html);
    }

    [Fact]
    public async Task ThePrerenderedAnalysisFormIsDisabledUntilTheCircuitIsLive()
    {
        // Text typed into the prerendered textarea would be wiped when the live circuit renders it again.
        var session = await Accounts.AccountForms.SignedInAnalystAsync(factory, "smoke-prerender@example.test");
        var html = await session.Client.GetStringAsync("/");
        var textarea = System.Text.RegularExpressions.Regex.Match(html, "<textarea[^>]*>").Value;
        Assert.Contains("analysis-text", textarea);
        Assert.Contains("disabled", textarea);
    }

    [Fact]
    public async Task SignedOutPagesShowNoAnalyzeOrBatchLinks()
    {
        _ = factory.AnalystKey; // an account exists, so the first-run redirect is off
        var anonymous = Accounts.AccountForms.For(factory);
        var login = await anonymous.Client.GetStringAsync("/account/login");
        Assert.DoesNotContain("id=\"analyze-link\"", login);
        Assert.DoesNotContain("id=\"batch-link\"", login);

        var session = await Accounts.AccountForms.SignedInAnalystAsync(factory, "smoke-links@example.test");
        var home = await session.Client.GetStringAsync("/usage");
        Assert.Contains("id=\"analyze-link\"", home);
        Assert.Contains("id=\"batch-link\"", home);
    }
}
