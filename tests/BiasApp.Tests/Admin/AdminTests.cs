using System.Net;
using System.Net.Http.Json;
using System.Security.Claims;
using System.Text.Json;
using BiasApp.Admin;
using BiasApp.Accounts;
using BiasApp.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BiasApp.Tests.Admin;

public sealed class AdminTests(BiasAppFactory factory) : IClassFixture<BiasAppFactory>
{
    [Fact]
    public async Task AdminUsageApiReturnsTotalsAndPerUserRowsAndCsv()
    {
        var analyst = factory.CreateClient();
        for (var i = 0; i < 2; i++) Assert.Equal(HttpStatusCode.OK, (await analyst.AnalyzeAsync()).StatusCode);
        var admin = factory.CreateClient(await factory.CreateKeyAsync("admin@example.test", admin: true));
        var today = DateTime.UtcNow.ToString("yyyy-MM-dd");

        var body = JsonDocument.Parse(await admin.GetStringAsync($"/api/v1/admin/usage?from={today}&to={today}")).RootElement;

        Assert.True(body.GetProperty("totals").GetProperty("requests").GetInt32() >= 2);
        Assert.True(body.GetProperty("totals").TryGetProperty("rejected", out _));
        var row = body.GetProperty("users").EnumerateArray().Single(u => u.GetProperty("email").GetString() == "analyst@example.test");
        Assert.True(row.GetProperty("requests").GetInt32() >= 2);
        Assert.Equal(0, row.GetProperty("rejected").GetInt32());

        var csv = await admin.GetAsync($"/api/v1/admin/usage.csv?from={today}&to={today}");
        Assert.Equal("text/csv", csv.Content.Headers.ContentType?.MediaType);
        Assert.Contains("analyst@example.test", await csv.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.GetAsync("/api/v1/admin/usage?from=2026-02-01&to=2026-01-01")).StatusCode);
    }

    [Fact]
    public async Task DashboardShowsTotalsAndFiltersUsersAndLinksToTheUsersPage()
    {
        var key = await factory.CreateKeyAsync("dash@example.test");
        var client = factory.CreateClient(key);
        Assert.Equal(HttpStatusCode.OK, (await client.AnalyzeAsync()).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync("/api/v1/feedback", new { text = "The waiter was rude.", kind = "none" })).StatusCode);

        await using var bunit = new BunitContext();
        bunit.AddMud();
        await using var scope = factory.Services.CreateAsyncScope();
        bunit.Services.AddSingleton(scope.ServiceProvider.GetRequiredService<UsageReports>());
        bunit.Services.AddSingleton(TimeProvider.System);
        bunit.Services.AddSingleton(factory.Services.GetRequiredService<BiasApp.Core.Classification.ModelHost>());
        bunit.Services.AddSingleton(factory.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<BiasApp.Health.HealthOptions>>());
        bunit.Services.AddSingleton(factory.Services.GetRequiredService<BiasApp.Feedback.FeedbackService>());
        var page = bunit.Render<AdminPage>();

        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("#users-table .user-email")));
        var groups = page.FindAll("#agreement-by-version .agreement-group").Select(e => e.TextContent.Trim()).ToList();
        Assert.StartsWith("stereotype-minilm@", groups[0]);
        Assert.Equal("all", groups[^1]);
        Assert.Contains("stereotype-minilm@", page.Find("#model-status .stat-value").TextContent);
        Assert.Matches(@"^\d+ / \d+ MB$", page.Find("#memory .stat-value").TextContent.Trim());
        Assert.NotEqual("0", page.Find("#total-requests .stat-value").TextContent.Trim());
        Assert.NotNull(page.Find("#requests-chart"));
        Assert.Contains("/api/v1/admin/usage.csv?from=", page.Find("#csv-export").GetAttribute("href"));

        page.Find("input#user-search").Input("dash@");
        page.WaitForAssertion(() => Assert.Equal(["dash@example.test"], page.FindAll("#users-table .user-email").Select(e => e.TextContent.Trim())));
        // Account changes (disable, delete, ...) live on the users page, behind confirmations.
        Assert.Empty(page.FindAll("#users-table .toggle-user"));
        Assert.Equal("/admin/users", page.Find("#manage-users").GetAttribute("href"));
    }

    [Fact]
    public async Task KeysPageShowsANewKeyOnceAndRevokesIt()
    {
        _ = factory.AnalystKey;
        var userId = await factory.UserIdAsync("analyst@example.test");
        await using var bunit = new BunitContext();
        bunit.AddMud();
        bunit.Services.AddSingleton(factory.Services.GetRequiredService<BiasApp.Accounts.ApiKeyService>());
        bunit.AddAuthorization().SetAuthorized("analyst@example.test").SetClaims(new Claim(ClaimTypes.NameIdentifier, userId));
        var dialogs = bunit.Render<MudBlazor.MudDialogProvider>();
        var page = bunit.Render<KeysPage>();
        var before = page.FindAll("#keys-table .revoke-key").Count;

        page.Find("input#key-name").Input("laptop");
        page.Find("#create-key").Click();

        var key = page.WaitForElement("#new-key").TextContent.Trim();
        Assert.StartsWith("bia_", key);
        Assert.Equal(before + 1, page.FindAll("#keys-table .revoke-key").Count);
        Assert.Equal(HttpStatusCode.OK, (await factory.CreateClient(key).GetAsync("/api/v1/usage")).StatusCode);
        await using (var db = factory.Db()) Assert.True(await db.ApiKeys.AnyAsync(k => k.Hash == ApiKeys.Hash(key) && k.Name == "laptop"));

        // Revoking asks first; Cancel keeps the key.
        page.FindAll("#keys-table .revoke-key")[0].Click();
        dialogs.WaitForElement(".mud-dialog").QuerySelectorAll("button").Single(b => b.TextContent.Trim() == "Cancel").Click();
        dialogs.WaitForAssertion(() => Assert.Empty(dialogs.FindAll(".mud-dialog")));
        Assert.Equal(HttpStatusCode.OK, (await factory.CreateClient(key).GetAsync("/api/v1/usage")).StatusCode);

        page.FindAll("#keys-table .revoke-key")[0].Click();
        Assert.Contains("laptop", dialogs.WaitForElement(".mud-dialog").TextContent);
        dialogs.Find(".mud-dialog").QuerySelectorAll("button").Single(b => b.TextContent.Trim() == "Revoke").Click();
        page.WaitForAssertion(() => Assert.Equal(before, page.FindAll("#keys-table .revoke-key").Count));
        Assert.Empty(page.FindAll("#new-key"));
        Assert.Equal(HttpStatusCode.Unauthorized, (await factory.CreateClient(key).GetAsync("/api/v1/usage")).StatusCode);
    }
}
