using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Xunit.Abstractions;

namespace BiasApp.Tests.ScaleOut;

/// <summary>
/// Team decisions across two app processes on one PostgreSQL database and one Redis, as deployed behind the gateway: a
/// decision accepted or revoked on one replica applies on the other within 5 s (issue 33). Real servers
/// (<c>.ci/services</c>), real processes, the real model.
/// </summary>
[Collection(ScaleOutCollection.Name)]
public sealed class DecisionScaleOutTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(5);

    private const string Decided = "I met 3 engineers from India and they were all great at math.";

    // Another casing, a leading discourse marker and another number: not the same normalised text, so only the embedding
    // and the word check can match it.
    private const string NearDuplicate = "Honestly, i met 12 ENGINEERS from India and they were ALL great at math!";

    private static async Task<JsonElement> SentenceAsync(HttpClient client, string text)
    {
        var response = await client.PostAsJsonAsync("/api/v1/analyze", new { text, explain = "none" });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return Assert.Single((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("sentences").EnumerateArray());
    }

    [PostgresAndRedisFact]
    public async Task ADecisionAcceptedAndRevokedOnOneReplicaAppliesOnTheOtherWithinFiveSeconds()
    {
        await using var database = await ScaleOutServers.CreateDatabaseAsync();
        const string adminEmail = "lead@example.test";
        var adminKey = await ScaleOutTests.KeyAsync(database, adminEmail, admin: true);
        var analystKey = await ScaleOutTests.KeyAsync(database, "analyst@example.test");
        // Redis too, as deployed: the shared result cache must not hide a decision made after a sentence was cached.
        var settings = ScaleOutTests.Settings(database,
            ("Redis:Configuration", ScaleOutServers.RedisConfiguration), ("Redis:InstanceName", BiasApp.Tests.Redis.RedisServer.NewInstanceName()));
        await using var a = await AppReplica.StartAsync(settings);
        await using var b = await AppReplica.StartAsync(settings);
        using var analystOnA = a.CreateClient(analystKey);
        using var adminOnA = a.CreateClient(adminKey);
        using var analystOnB = b.CreateClient(analystKey);

        // Before: B follows the model (and its answer is now in both cache levels).
        var before = await SentenceAsync(analystOnB, NearDuplicate);
        Assert.Equal(JsonValueKind.Null, before.GetProperty("decision").ValueKind);
        var modelKind = before.GetProperty("modelKind").GetString()!;
        Assert.Equal(modelKind, before.GetProperty("kind").GetString());
        var decidedKind = modelKind is "stereotype" or "portrayal" ? "none" : "stereotype";

        // An analyst corrects the sentence on A; the admin accepts it on A.
        var sent = await analystOnA.PostAsJsonAsync("/api/v1/feedback", new { text = Decided, kind = decidedKind, note = "scale-out" });
        Assert.Equal(HttpStatusCode.Created, sent.StatusCode);
        var id = (await sent.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
        Assert.Equal(HttpStatusCode.NoContent, (await adminOnA.PostAsync($"/api/v1/admin/feedback/{id}/accept", null)).StatusCode);
        var clock = Stopwatch.StartNew();

        var applied = await Eventually.MatchesAsync(() => SentenceAsync(analystOnB, NearDuplicate),
            s => s.GetProperty("decision").ValueKind == JsonValueKind.Object, Limit, "B applies the decision accepted on A");
        output.WriteLine($"accepted on A, applied on B after {clock.ElapsedMilliseconds} ms");
        var decision = applied.GetProperty("decision");
        Assert.Equal(id, decision.GetProperty("feedbackId").GetInt64());
        Assert.Equal(decidedKind, decision.GetProperty("kind").GetString());
        Assert.Equal(adminEmail, decision.GetProperty("decidedBy").GetString());
        Assert.InRange(decision.GetProperty("similarity").GetSingle(), 0.85f, 0.9999f);
        Assert.Equal((decidedKind, modelKind), (applied.GetProperty("kind").GetString(), applied.GetProperty("modelKind").GetString()));
        Assert.Equal(decidedKind == "stereotype", applied.GetProperty("flagged").GetBoolean());

        Assert.Equal(HttpStatusCode.NoContent, (await adminOnA.PostAsync($"/api/v1/admin/feedback/{id}/revoke", null)).StatusCode);
        clock.Restart();

        var followed = await Eventually.MatchesAsync(() => SentenceAsync(analystOnB, NearDuplicate),
            s => s.GetProperty("decision").ValueKind == JsonValueKind.Null, Limit, "B follows the model again after the revocation on A");
        output.WriteLine($"revoked on A, model again on B after {clock.ElapsedMilliseconds} ms");
        Assert.Equal((modelKind, modelKind), (followed.GetProperty("kind").GetString(), followed.GetProperty("modelKind").GetString()));
    }
}
