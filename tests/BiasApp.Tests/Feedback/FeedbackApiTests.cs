using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using BiasApp.Admin;
using BiasApp.Data;
using BiasApp.Tests.Accounts;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BiasApp.Tests.Feedback;

/// <summary>Feedback over the API, against the real model and database: analysts send it, admins decide it and export the decisions.</summary>
public sealed class FeedbackApiTests(BiasAppFactory factory) : IClassFixture<BiasAppFactory>
{
    private const string Sentence = "Women are too emotional to lead.";

    private static Task<HttpResponseMessage> SendAsync(HttpClient client, string? text = Sentence, string? kind = "none", string? note = null) =>
        client.PostAsJsonAsync("/api/v1/feedback", new { text, kind, note });

    private async Task<HttpClient> AdminAsync() => factory.CreateClient(await factory.CreateKeyAsync("feedback-admin@example.test", admin: true));

    private static async Task<long> IdOfAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
    }

    [Fact]
    public async Task AnAnalystsFeedbackIsPendingWithTheModelsVerdictStoredBesideIt()
    {
        var response = await SendAsync(factory.CreateClient(), kind: "reported", note: "  quoted from a survey  ");

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("pending", body.GetProperty("status").GetString());
        Assert.Equal(["id", "status"], body.EnumerateObject().Select(p => p.Name));
        await using var db = factory.Db();
        var item = await db.Feedback.SingleAsync(f => f.Id == body.GetProperty("id").GetInt64());
        Assert.Equal((Sentence, "reported", "quoted from a survey"), (item.Text, item.Kind, item.Note));
        Assert.Equal("stereotype-minilm", item.ModelName);
        Assert.Matches(@"^\d+\.\d+", item.ModelVersion);
        Assert.InRange(item.Probability, 0f, 1f);
        Assert.Equal(item.Probability >= 0.5f ? "stereotype" : "none", item.ModelKind);
        Assert.Equal(await factory.UserIdAsync("analyst@example.test"), item.UserId);
        Assert.Null(item.DecidedAt);
    }

    [Fact]
    public async Task AnAdminsFeedbackIsDecidedAtOnce()
    {
        var admin = await AdminAsync();

        var response = await SendAsync(admin, kind: "stereotype");

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("decided", body.GetProperty("status").GetString());
        var id = body.GetProperty("id").GetInt64();
        await using var db = factory.Db();
        var item = await db.Feedback.SingleAsync(f => f.Id == id);
        Assert.Equal(await factory.UserIdAsync("feedback-admin@example.test"), item.DecidedById);
        Assert.NotNull(item.DecidedAt);
    }

    [Theory]
    [InlineData(Sentence, "sexist", "kind", "stereotype, portrayal, reported, none")]
    [InlineData(Sentence, null, "kind", "stereotype, portrayal, reported, none")]
    [InlineData("   ", "none", "text", "empty")]
    [InlineData(null, "none", "text", "empty")]
    [InlineData("overlong", "none", "text", "at most 1,000")]
    public async Task BadInputIsA400NamingTheField(string? text, string? kind, string field, string said)
    {
        if (text == "overlong") text = string.Concat(Enumerable.Repeat("Nurses are kind. ", 80));

        var response = await SendAsync(factory.CreateClient(), text, kind);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.Contains(said, errors.GetProperty(field)[0].GetString());
    }

    [Fact]
    public async Task AnAnalystGets403OnTheAdminEndpoints()
    {
        var analyst = factory.CreateClient();
        var id = await IdOfAsync(await SendAsync(analyst));

        Assert.Equal(HttpStatusCode.Forbidden, (await analyst.GetAsync("/api/v1/admin/feedback")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await analyst.PostAsync($"/api/v1/admin/feedback/{id}/accept", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await analyst.PostAsync($"/api/v1/admin/feedback/{id}/reject", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await analyst.GetAsync("/api/v1/admin/feedback/export")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await analyst.GetAsync("/api/v1/admin/feedback/agreement")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await factory.CreateClient(apiKey: null).PostAsJsonAsync("/api/v1/feedback", new { text = Sentence, kind = "none" })).StatusCode);
    }

    [Fact]
    public async Task AgreementCountsAnAgreeAndACorrectionUnderTheModelsVersionAndKind()
    {
        var admin = await AdminAsync();
        var analyst = factory.CreateClient();
        var before = await admin.GetFromJsonAsync<JsonElement>("/api/v1/admin/feedback/agreement");
        var correction = await IdOfAsync(await SendAsync(analyst, kind: "portrayal"));
        string modelKind, model;
        await using (var db = factory.Db())
        {
            var item = await db.Feedback.SingleAsync(f => f.Id == correction);
            (modelKind, model) = (item.ModelKind, $"{item.ModelName}@{item.ModelVersion}");
        }
        Assert.NotEqual("portrayal", modelKind);
        // The page's Agree sends the model's own kind.
        await IdOfAsync(await SendAsync(analyst, kind: modelKind));

        var after = await admin.GetFromJsonAsync<JsonElement>("/api/v1/admin/feedback/agreement");

        static JsonElement Row(JsonElement body, string list, string group) =>
            body.GetProperty(list).EnumerateArray().SingleOrDefault(r => r.GetProperty("group").GetString() == group);
        static int Count(JsonElement row, string name) => row.ValueKind == JsonValueKind.Undefined ? 0 : row.GetProperty(name).GetInt32();
        foreach (var (list, group) in new[] { ("byVersion", model), ("byKind", modelKind) })
        {
            Assert.Equal(Count(Row(before, list, group), "items") + 2, Count(Row(after, list, group), "items"));
            Assert.Equal(Count(Row(before, list, group), "agreed") + 1, Count(Row(after, list, group), "agreed"));
            Assert.Equal(Count(Row(before, list, group), "pending") + 2, Count(Row(after, list, group), "pending"));
        }
        var total = after.GetProperty("total");
        Assert.Equal(["group", "items", "agreed", "pending", "decided", "rate", "low", "high"], total.EnumerateObject().Select(p => p.Name));
        Assert.InRange(total.GetProperty("low").GetDouble(), 0, total.GetProperty("rate").GetDouble());
        Assert.InRange(total.GetProperty("high").GetDouble(), total.GetProperty("rate").GetDouble(), 1);
        Assert.True(after.TryGetProperty("rejected", out _) && after.TryGetProperty("revoked", out _));
    }

    [Fact]
    public async Task AnAdminAcceptsOrRejectsPendingItemsOnceAndTheQueueMovesThemOn()
    {
        var analyst = factory.CreateClient();
        var accepted = await IdOfAsync(await SendAsync(analyst, "Sikh men often wear a turban.", "none", "a neutral fact"));
        var rejected = await IdOfAsync(await SendAsync(analyst, "The waiter was lovely to us.", "stereotype"));
        var admin = await AdminAsync();
        var pending = await admin.GetFromJsonAsync<JsonElement>("/api/v1/admin/feedback?status=pending");
        var item = pending.EnumerateArray().Single(i => i.GetProperty("id").GetInt64() == accepted);
        Assert.Equal(("Sikh men often wear a turban.", "none", "a neutral fact", "analyst@example.test"),
            (item.GetProperty("text").GetString(), item.GetProperty("kind").GetString(), item.GetProperty("note").GetString(), item.GetProperty("analyst").GetString()));
        Assert.True(item.TryGetProperty("modelKind", out _) && item.TryGetProperty("probability", out _) && item.TryGetProperty("modelVersion", out _));

        Assert.Equal(HttpStatusCode.NoContent, (await admin.PostAsync($"/api/v1/admin/feedback/{accepted}/accept", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await admin.PostAsync($"/api/v1/admin/feedback/{rejected}/reject", null)).StatusCode);

        var again = await admin.PostAsync($"/api/v1/admin/feedback/{accepted}/accept", null);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal("application/problem+json", again.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.Conflict, (await admin.PostAsync($"/api/v1/admin/feedback/{rejected}/accept", null)).StatusCode);
        var missing = await admin.PostAsync("/api/v1/admin/feedback/987654321/reject", null);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("application/problem+json", missing.Content.Headers.ContentType?.MediaType);

        static IEnumerable<long> Ids(JsonElement list) => list.EnumerateArray().Select(i => i.GetProperty("id").GetInt64());
        var decided = await admin.GetFromJsonAsync<JsonElement>("/api/v1/admin/feedback?status=decided");
        Assert.Contains(accepted, Ids(decided));
        Assert.Equal("feedback-admin@example.test", decided.EnumerateArray().Single(i => i.GetProperty("id").GetInt64() == accepted).GetProperty("decidedBy").GetString());
        Assert.Contains(rejected, Ids(await admin.GetFromJsonAsync<JsonElement>("/api/v1/admin/feedback?status=rejected")));
        var stillPending = Ids(await admin.GetFromJsonAsync<JsonElement>("/api/v1/admin/feedback"));
        Assert.DoesNotContain(accepted, stillPending);
        Assert.DoesNotContain(rejected, stillPending);
        var badStatus = await admin.GetAsync("/api/v1/admin/feedback?status=open");
        Assert.Equal(HttpStatusCode.BadRequest, badStatus.StatusCode);
        Assert.Contains("pending, decided, rejected", await badStatus.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task TheExportHasTheTrainingColumnsForAcceptedItemsOnly()
    {
        var analyst = factory.CreateClient();
        const string Portrayal = "The Scottish uncle refused to pay for the round, \"as usual\".";
        var portrayal = await IdOfAsync(await SendAsync(analyst, Portrayal, "portrayal"));
        var reported = await IdOfAsync(await SendAsync(analyst, "It is a myth that women are bad drivers.", "reported"));
        await IdOfAsync(await SendAsync(analyst, "Hindus celebrate Diwali in autumn, a pending item.", "none"));
        var admin = await AdminAsync();
        foreach (var id in new[] { portrayal, reported }) await admin.PostAsync($"/api/v1/admin/feedback/{id}/accept", null);

        var response = await admin.GetAsync("/api/v1/admin/feedback/export");

        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        var lines = (await response.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("text,kind,label,model_version,model_kind,probability,decided_at", lines[0]);
        Assert.DoesNotContain(lines, l => l.Contains("a pending item"));
        await using var db = factory.Db();
        var stored = await db.Feedback.SingleAsync(f => f.Id == portrayal);
        var row = Assert.Single(lines, l => l.Contains("Scottish uncle"));
        Assert.Equal($"\"The Scottish uncle refused to pay for the round, \"\"as usual\"\".\",portrayal,1,{stored.ModelVersion},{stored.ModelKind},", row[..row.LastIndexOf(',', row.LastIndexOf(',') - 1)] + ",");
        Assert.Matches(@",\d\.?\d*,\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$", row);
        Assert.Contains(lines, l => l.StartsWith("It is a myth that women are bad drivers.,reported,0,", StringComparison.Ordinal));
    }

    [Fact]
    public async Task FeedbackIsCountedUnderItsOwnChannelAndNotChargedAgainstTheQuota()
    {
        var client = factory.CreateClient(await factory.CreateKeyAsync("one-a-day@example.test"));
        var userId = await factory.UserIdAsync("one-a-day@example.test");
        await using (var scope = factory.Services.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<UsageReports>().SetOverridesAsync(userId, null, null, daily: 1, null);
        Assert.Equal(HttpStatusCode.OK, (await client.AnalyzeAsync()).StatusCode);

        for (var i = 0; i < 3; i++) await IdOfAsync(await SendAsync(client, kind: "stereotype"));

        Assert.Equal(HttpStatusCode.TooManyRequests, (await client.AnalyzeAsync()).StatusCode);
        var usage = await client.GetFromJsonAsync<JsonElement>("/api/v1/usage");
        var today = usage.GetProperty("lastDays").EnumerateArray().Last();
        Assert.Equal((1, 3), (today.GetProperty("requests").GetInt32(), today.GetProperty("feedback").GetInt32()));
        await using var db = factory.Db();
        Assert.Equal(3, await db.UsageEvents.CountAsync(e => e.UserId == userId && e.Channel == UsageChannels.Feedback));
    }

    [Fact]
    public async Task FeedbackFromADeletedUserStaysAttributedToTheTombstone()
    {
        var leaving = factory.CreateClient(await factory.CreateKeyAsync("leaving-analyst@example.test"));
        var id = await IdOfAsync(await SendAsync(leaving, "Old folks are terrible drivers.", "stereotype"));
        await using (var scope = factory.Services.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<UserAdministration>().DeleteAsync(await factory.UserIdAsync("leaving-analyst@example.test"));

        var admin = await AdminAsync();
        var item = (await admin.GetFromJsonAsync<JsonElement>("/api/v1/admin/feedback")).EnumerateArray().Single(i => i.GetProperty("id").GetInt64() == id);

        Assert.Equal("leaving-analyst@example.test", item.GetProperty("analyst").GetString());
        Assert.True(item.GetProperty("analystDeleted").GetBoolean());
        Assert.Equal(HttpStatusCode.NoContent, (await admin.PostAsync($"/api/v1/admin/feedback/{id}/accept", null)).StatusCode);
    }

    [Theory]
    [InlineData("https://evil.example", HttpStatusCode.Forbidden)]
    [InlineData("http://localhost", HttpStatusCode.Created)]
    public async Task CookieFeedbackMustComeFromTheAppsOwnOrigin(string origin, HttpStatusCode expected)
    {
        var email = $"cookie-{Guid.NewGuid():N}@example.test";
        using (var scope = factory.Services.CreateScope())
            Assert.True((await AccountProvisioning.CreateUserAsync(scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>(), email, "Correct-horse-42", admin: false)).Succeeded);
        var forms = AccountForms.For(factory);
        Assert.Equal(HttpStatusCode.Redirect, (await forms.SignInAsync(email, "Correct-horse-42")).Status);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/feedback") { Content = JsonContent.Create(new { text = Sentence, kind = "none" }) };
        request.Headers.Add("Origin", origin);

        Assert.Equal(expected, (await forms.Client.SendAsync(request)).StatusCode);
    }
}
