using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using BiasApp.Batches;
using BiasApp.Core.Classification;
using BiasApp.Core.Inference;
using BiasApp.Performance;
using BiasApp.Tests.Batches;
using Microsoft.Extensions.DependencyInjection;

namespace BiasApp.Tests.Performance;

/// <summary>
/// Memory that comes back, by the app's own accounting rather than RSS: after several large batches through the real
/// model, nothing is left in flight in the classifier, no batch is held live, the result cache holds what it held
/// before, and once idle the trimmer hands the ONNX Runtime arena back.
/// </summary>
public sealed class MemoryAccountingTests
{
    [Fact]
    public async Task LargeBatchesLeaveTheClassifierCacheAndJobsIdleAndTheIdleTrimReleasesTheArena()
    {
        using var classifier = StereotypeClassifier.Load(Path.Combine(AppContext.BaseDirectory, "models", "stereotype-minilm"));
        await using var factory = new BatchAppFactory(classifier, settings: new()
        {
            ["Batches:ChunkRows"] = "64",
            ["Memory:IdleSeconds"] = "1",
            // Allocation counts process-wide, and other test classes run beside this one: only model runs mean busy here.
            ["Memory:BusyAllocatedMbPerTick"] = "100000",
        });
        var client = factory.CreateClient();
        var cache = factory.Services.GetRequiredService<ResultCache>();
        var jobs = factory.Services.GetRequiredService<BatchJobs>();
        var trimmer = factory.Services.GetRequiredService<MemoryTrimmer>();
        var cacheIdle = (cache.Count, cache.EstimatedBytes);

        for (var batch = 0; batch < 3; batch++)
        {
            // 300 rows of one or two sentences, 4 to 90 words: every padded shape up to the model's 64 tokens.
            var rows = new StringBuilder();
            for (var i = 0; i < 300; i++)
            {
                var words = 4 + (i * 7 + batch) % 87;
                var text = $"Nurses in ward {i} " + string.Join(' ', Enumerable.Repeat("always", words)) + "." + (i % 3 == 0 ? " The bus was late again today." : "");
                rows.AppendLine(JsonSerializer.Serialize(new { text, group = i % 2 == 0 ? "nurses" : "drivers" }));
            }
            var response = await client.PostAsync("/api/v1/batches", new StringContent(rows.ToString(), Encoding.UTF8, "application/x-ndjson"));
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();
            var status = await Eventually.MatchesAsync(
                async () => (await client.GetFromJsonAsync<JsonElement>($"/api/v1/batches/{id}")).GetProperty("status").GetString(),
                s => s is not ("queued" or "running"), TimeSpan.FromSeconds(120), $"batch {batch} ends");
            Assert.Equal("done", status);
        }

        var idle = classifier.Accounting;
        Assert.Equal((0L, 0L), (idle.RunsInFlight, idle.InputBytesInFlight));
        Assert.True(idle.Runs >= 3 * 300 / 32, $"only {idle.Runs} model runs");
        // The worker marks a batch done before it lets go of its live progress.
        await Eventually.HoldsAsync(() => jobs.Running == 0, TimeSpan.FromSeconds(5), "the worker lets go of the batch's live progress");
        Assert.Equal(cacheIdle, (cache.Count, cache.EstimatedBytes));

        // Idle for a second after the last run: the trimmer releases the arena (and collects, and trims malloc). It may
        // already have done so while the last status was being read; either way a trim follows the last run.
        await Eventually.HoldsAsync(() => trimmer.RunsAtLastTrim == classifier.Accounting.Runs, TimeSpan.FromSeconds(30),
            "the idle trimmer trims after the last model run");
        Assert.True(classifier.Accounting.ArenaReleases >= 1, "the idle trimmer never released the arena");
        Assert.Equal((0L, 0L), (classifier.Accounting.RunsInFlight, classifier.Accounting.InputBytesInFlight));
    }
}
