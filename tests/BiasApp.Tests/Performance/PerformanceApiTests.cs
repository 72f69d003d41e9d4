using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using BiasApp.Core.Classification;
using BiasApp.Core.Inference;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace BiasApp.Tests.Performance;

public sealed class PerformanceApiTests(BiasAppFactory factory) : IClassFixture<BiasAppFactory>
{
    private WebApplicationFactory<Program> WithHeldClassifier(FakeClassifier classifier) =>
        factory.WithWebHostBuilder(builder =>
        {
            builder.UseSetting("Inference:MaxConcurrency", "1");
            builder.UseSetting("Inference:MaxQueue", "1");
            builder.UseSetting("Inference:RetryAfterSeconds", "7");
            builder.ConfigureTestServices(services => services.AddSingleton(new ModelHost(classifier)));
        });

    [Fact]
    public async Task BeyondTheGateAndItsQueueTheApiAnswers503WithRetryAfter()
    {
        var classifier = new FakeClassifier(held: true);
        using var app = WithHeldClassifier(classifier);
        var client = app.CreateClient();
        var gate = app.Services.GetRequiredService<InferenceGate>();

        var running = client.PostAsJsonAsync("/api/v1/analyze", new { text = "All cats are lazy." });
        await WaitUntilAsync(() => gate.InFlight == 1);
        var queued = client.PostAsJsonAsync("/api/v1/analyze", new { text = "Dogs bark at night." });
        await WaitUntilAsync(() => gate.QueueLength == 1);

        var refused = await client.PostAsJsonAsync("/api/v1/analyze", new { text = "Birds sing at dawn." });
        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(7), refused.Headers.RetryAfter?.Delta);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(await refused.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(503, problem.GetProperty("status").GetInt32());
        Assert.Contains("busy", problem.GetProperty("detail").GetString());

        classifier.Release();
        Assert.Equal(HttpStatusCode.OK, (await running).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await queued).StatusCode);
        Assert.Equal(0, gate.InFlight);
    }

    [Fact]
    public async Task MetricsServesPrometheusTextWithTheCustomInstruments()
    {
        var client = factory.CreateClient();
        for (var i = 0; i < 2; i++)
        {
            var analyzed = await client.PostAsJsonAsync("/api/v1/analyze", new { text = "Metrics are counted. Twice, the second time from the cache." });
            Assert.Equal(HttpStatusCode.OK, analyzed.StatusCode);
        }

        string text = "";
        // The exporter caches a scrape briefly; the instruments appear on the next one.
        for (var i = 0; i < 20 && !text.Contains("biasapp_cache_hits", StringComparison.Ordinal); i++)
        {
            var response = await client.GetAsync("/metrics");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
            text = await response.Content.ReadAsStringAsync();
            await Task.Delay(100);
        }
        foreach (var name in new[]
                 {
                     "biasapp_model_duration_seconds_bucket", "biasapp_sentences_classified", "biasapp_cache_hits", "biasapp_cache_misses",
                     "biasapp_inference_queue_length", "biasapp_inference_in_flight", "biasapp_process_working_set", "biasapp_gc_heap_size",
                     "http_server_request_duration_seconds",
                 })
        {
            Assert.Contains(name, text);
        }
    }

    [Fact]
    public async Task HealthIsDegradedAboveTheMemoryThresholdAndShowsTheFigures()
    {
        using var app = factory.WithWebHostBuilder(builder => builder.UseSetting("Health:MemoryThresholdMb", "1"));
        var response = await app.CreateClient().GetAsync("/health");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var health = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        Assert.Equal("Degraded", health.GetProperty("status").GetString());
        Assert.Equal(1, health.GetProperty("memoryThresholdMb").GetInt32());
        Assert.True(health.GetProperty("workingSetMb").GetDouble() > 1);
        Assert.Contains("above the 1 MB threshold", health.GetProperty("memory").GetString());
        Assert.True(health.GetProperty("modelLoaded").GetBoolean());
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        for (var i = 0; i < 200 && !condition(); i++) await Task.Delay(25);
        Assert.True(condition(), "The condition was not met within 5 s.");
    }
}
