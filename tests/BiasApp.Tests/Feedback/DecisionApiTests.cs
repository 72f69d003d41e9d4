using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using BiasApp.Core.Classification;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace BiasApp.Tests.Feedback;

/// <summary>Team decisions on /api/v1/analyze, against the real model and a real SQLite database: applied, revoked, and seen by a second replica.</summary>
public sealed class DecisionApiTests(BiasAppFactory factory) : IClassFixture<BiasAppFactory>
{
    private async Task<HttpClient> AdminAsync() => factory.CreateClient(await factory.CreateKeyAsync("decisions-admin@example.test", admin: true));

    private static async Task<JsonElement> SentenceAsync(HttpClient client, string text)
    {
        var response = await client.AnalyzeAsync(text);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("sentences")[0];
    }

    // The kind that flips the model's verdict, so a decision that applies is visible in "flagged".
    private static string Opposite(string modelKind) => modelKind is "stereotype" or "portrayal" ? "none" : "stereotype";

    private static async Task<long> SendFeedbackAsync(HttpClient client, string text, string kind)
    {
        var response = await client.PostAsJsonAsync("/api/v1/feedback", new { text, kind });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
    }

    [Fact]
    public async Task ADecidedSentenceAndItsNearDuplicatesTakeTheDecisionAndKeepTheModelsKind()
    {
        const string decided = "I met 3 engineers from India and they were all great at math.";
        var analyst = factory.CreateClient();
        var before = await SentenceAsync(analyst, decided);
        var modelKind = before.GetProperty("modelKind").GetString()!;
        Assert.Equal(JsonValueKind.Null, before.GetProperty("decision").ValueKind);
        var kind = Opposite(modelKind);
        var id = await SendFeedbackAsync(await AdminAsync(), decided, kind);

        foreach (var text in new[] { decided, "Honestly, I met 3 engineers from India and they were all great at math.",
                     "I met 5 engineers from India and they were all great at math.", "I MET 3 ENGINEERS FROM INDIA AND THEY WERE ALL GREAT AT MATH!" })
        {
            var sentence = await SentenceAsync(analyst, text);
            Assert.Equal(kind, sentence.GetProperty("kind").GetString());
            Assert.Equal(modelKind, sentence.GetProperty("modelKind").GetString());
            Assert.Equal(kind == "stereotype", sentence.GetProperty("flagged").GetBoolean());
            var decision = sentence.GetProperty("decision");
            Assert.Equal(kind, decision.GetProperty("kind").GetString());
            Assert.Equal(id, decision.GetProperty("feedbackId").GetInt64());
            Assert.Equal("decisions-admin@example.test", decision.GetProperty("decidedBy").GetString());
            Assert.InRange(decision.GetProperty("similarity").GetSingle(), 0.85f, 1f);
            Assert.True(decision.TryGetProperty("decidedAt", out _));
        }

        foreach (var text in new[] { "I met 3 nurses from India and they were all great at math.", "The museum opens at ten on Sundays." })
            Assert.Equal(JsonValueKind.Null, (await SentenceAsync(analyst, text)).GetProperty("decision").ValueKind);
    }

    [Fact]
    public async Task ARevokedDecisionNoLongerApplies()
    {
        const string decided = "People from Naples are all criminals.";
        var analyst = factory.CreateClient();
        var modelKind = (await SentenceAsync(analyst, decided)).GetProperty("modelKind").GetString()!;
        var admin = await AdminAsync();
        var id = await SendFeedbackAsync(admin, decided, Opposite(modelKind));
        Assert.Equal(Opposite(modelKind), (await SentenceAsync(analyst, "People from Palermo are all criminals.")).GetProperty("kind").GetString());

        Assert.Equal(HttpStatusCode.Forbidden, (await analyst.PostAsync($"/api/v1/admin/feedback/{id}/revoke", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await admin.PostAsync($"/api/v1/admin/feedback/{id}/revoke", null)).StatusCode);

        var after = await SentenceAsync(analyst, "People from Palermo are all criminals.");
        Assert.Equal(JsonValueKind.Null, after.GetProperty("decision").ValueKind);
        Assert.Equal(after.GetProperty("modelKind").GetString(), after.GetProperty("kind").GetString());
        Assert.Equal(HttpStatusCode.Conflict, (await admin.PostAsync($"/api/v1/admin/feedback/{id}/revoke", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.PostAsync("/api/v1/admin/feedback/987654/revoke", null)).StatusCode);
        var revoked = await admin.GetFromJsonAsync<JsonElement>("/api/v1/admin/feedback?status=revoked");
        Assert.Contains(revoked.EnumerateArray(), i => i.GetProperty("id").GetInt64() == id);
    }

    [Fact]
    public async Task ASecondReplicaOnTheSameDatabaseAppliesAnAcceptedDecisionWithinFiveSeconds()
    {
        const string decided = "Everyone in Glasgow is a violent drunk.";
        await using var second = new BiasAppFactory(factory.DatabasePath, ownsDatabase: false);
        var other = second.CreateClient(factory.AnalystKey);
        var modelKind = (await SentenceAsync(other, decided)).GetProperty("modelKind").GetString()!;
        var pending = await SendFeedbackAsync(factory.CreateClient(), decided, Opposite(modelKind));

        var accepted = await (await AdminAsync()).PostAsync($"/api/v1/admin/feedback/{pending}/accept", null);
        Assert.Equal(HttpStatusCode.NoContent, accepted.StatusCode);

        await Eventually.HoldsAsync(async () =>
                (await SentenceAsync(other, "Everyone in Liverpool is a violent drunk.")).GetProperty("decision") is { ValueKind: JsonValueKind.Object } d
                && d.GetProperty("feedbackId").GetInt64() == pending,
            TimeSpan.FromSeconds(5), "the second replica applies the decision accepted on the first");
    }

    /// <summary>The real model, whose <see cref="Embed"/> (used to embed the decided sentences) waits until released.</summary>
    private sealed class HeldEmbedding(IStereotypeClassifier inner) : IStereotypeClassifier, IDisposable
    {
        private readonly ManualResetEventSlim _release = new();
        public TaskCompletionSource Started { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public ModelCard Card => inner.Card;
        public bool HasAxisHead => inner.HasAxisHead;
        public bool HasKindHead => inner.HasKindHead;
        public bool Normalises => inner.Normalises;
        public bool HasEmbedding => inner.HasEmbedding;
        public Prediction[] Classify(IReadOnlyList<string> texts, CancellationToken cancellationToken = default) => inner.Classify(texts, cancellationToken);
        public (Prediction[] Predictions, float[][] Embeddings) ClassifyAndEmbed(IReadOnlyList<string> texts, CancellationToken cancellationToken = default) =>
            inner.ClassifyAndEmbed(texts, cancellationToken);

        public float[][] Embed(IReadOnlyList<string> texts, CancellationToken cancellationToken = default)
        {
            Started.TrySetResult();
            _release.Wait(cancellationToken);
            return inner.Embed(texts, cancellationToken);
        }

        public void Release() => _release.Set();
        public void Dispose() => _release.Dispose();
    }

    [Fact]
    public async Task AfterARestartExactDecisionsApplyWhileTheDecidedSentencesAreStillBeingEmbedded()
    {
        const string decided = "Everyone from Leeds is stingy with money.";
        const string nearDuplicate = "Everyone from York is stingy with money.";
        var modelKind = (await SentenceAsync(factory.CreateClient(), decided)).GetProperty("modelKind").GetString()!;
        var id = await SendFeedbackAsync(await AdminAsync(), decided, Opposite(modelKind));
        using var held = new HeldEmbedding(factory.Services.GetRequiredService<ModelHost>().Classifier!);
        await using var restarted = new BiasAppFactory(factory.DatabasePath, ownsDatabase: false);
        await using var app = restarted.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton(new ModelHost(held))));
        var analyst = app.CreateClient();
        bool Applies(JsonElement sentence) => sentence.GetProperty("decision") is { ValueKind: JsonValueKind.Object } d && d.GetProperty("feedbackId").GetInt64() == id;

        try
        {
            await held.Started.Task.WaitAsync(TimeSpan.FromSeconds(30));
            // The embeddings are not made yet: the same sentence (another casing) takes the decision, a near-duplicate not yet.
            Assert.True(Applies(await SentenceAsync(analyst, decided.ToUpperInvariant())));
            Assert.False(Applies(await SentenceAsync(analyst, nearDuplicate)));
        }
        finally
        {
            held.Release();
        }

        await Eventually.HoldsAsync(async () => Applies(await SentenceAsync(analyst, nearDuplicate)), TimeSpan.FromSeconds(10),
            "the near-duplicate takes the decision once the decided sentences are embedded");
    }

    [Fact]
    public async Task ABatchOverADecidedSentenceCarriesTheDecisionAndTheModelsKindInJsonNdjsonAndCsv()
    {
        const string decided = "Everyone from Bristol is lazy and rude.";
        const string nearDuplicate = "Everyone from Cardiff is lazy and rude.";
        var analyst = factory.CreateClient();
        // The model's kind for the batch's sentence, and a decided kind that differs from it.
        var modelKind = (await SentenceAsync(analyst, nearDuplicate)).GetProperty("modelKind").GetString()!;
        var kind = Opposite(modelKind);
        var id = await SendFeedbackAsync(await AdminAsync(), decided, kind);

        var rows = $"{{\"text\": \"{nearDuplicate}\"}}\n{{\"text\": \"The museum opens at ten on Sundays.\"}}\n";
        var created = await analyst.PostAsync("/api/v1/batches", new StringContent(rows, System.Text.Encoding.UTF8, "application/x-ndjson"));
        Assert.Equal(HttpStatusCode.Accepted, created.StatusCode);
        var batch = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        Assert.Equal("done", Batches.BatchApiTests.Status(await Batches.BatchApiTests.WaitForAsync(analyst, batch, s => Batches.BatchApiTests.Status(s) is "done" or "failed")));

        var json = await analyst.GetFromJsonAsync<JsonElement>($"/api/v1/batches/{batch}/results?format=json");
        var ndjson = (await analyst.GetStringAsync($"/api/v1/batches/{batch}/results")).Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => JsonDocument.Parse(l).RootElement).ToList();
        foreach (var results in new[] { json.GetProperty("rows").EnumerateArray().ToList(), ndjson })
        {
            var near = results[0].GetProperty("sentences")[0];
            Assert.Equal(kind, near.GetProperty("kind").GetString());
            Assert.Equal(modelKind, near.GetProperty("modelKind").GetString());
            var decision = near.GetProperty("decision");
            Assert.Equal((kind, id, "decisions-admin@example.test"),
                (decision.GetProperty("kind").GetString(), decision.GetProperty("feedbackId").GetInt64(), decision.GetProperty("decidedBy").GetString()));
            Assert.InRange(decision.GetProperty("similarity").GetSingle(), 0.85f, 1f);
            Assert.True(decision.TryGetProperty("decidedAt", out _));
            Assert.Equal(kind == "stereotype", results[0].GetProperty("flagged").GetBoolean());

            var other = results[1].GetProperty("sentences")[0];
            Assert.Equal(JsonValueKind.Null, other.GetProperty("decision").ValueKind);
            Assert.Equal(other.GetProperty("kind").GetString(), other.GetProperty("modelKind").GetString());
        }

        var csv = (await analyst.GetStringAsync($"/api/v1/batches/{batch}/results?format=csv")).Split("\r\n", StringSplitOptions.RemoveEmptyEntries)
            .Select(l => l.Split(',')).ToList();
        var (modelColumn, decisionColumn, kindColumn) = (Array.IndexOf(csv[0], "model_kind"), Array.IndexOf(csv[0], "decision_kind"), Array.IndexOf(csv[0], "kind"));
        Assert.Equal((kind, modelKind, kind), (csv[1][kindColumn], csv[1][modelColumn], csv[1][decisionColumn]));
        Assert.Equal((csv[2][kindColumn], ""), (csv[2][modelColumn], csv[2][decisionColumn]));
    }
}
