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
        await Eventually.HoldsAsync(() => gate.InFlight == 1, TimeSpan.FromSeconds(5), "the first analysis holds the gate");
        var queued = client.PostAsJsonAsync("/api/v1/analyze", new { text = "Dogs bark at night." });
        await Eventually.HoldsAsync(() => gate.QueueLength == 1, TimeSpan.FromSeconds(5), "the second analysis waits in the queue");

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
}
