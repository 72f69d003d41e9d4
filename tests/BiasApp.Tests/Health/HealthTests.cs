using System.Net;
using System.Text.Json;
using BiasApp.Core.Classification;

namespace BiasApp.Tests.Health;

public sealed class HealthTests(BiasAppFactory factory) : IClassFixture<BiasAppFactory>
{
    private static async Task<JsonElement> GetHealthAsync(HttpClient client)
    {
        var response = await client.GetAsync("/health");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
    }

    [Fact]
    public async Task HealthReportsTheLoadedModelAndProcessMemory()
    {
        var health = await GetHealthAsync(factory.CreateClient());
        var card = ModelCard.Load(Path.Combine(AppContext.BaseDirectory, "models", "stereotype-minilm", "model.json"));

        Assert.Equal("Healthy", health.GetProperty("status").GetString());
        Assert.True(health.GetProperty("modelLoaded").GetBoolean());
        Assert.Equal(card.Name, health.GetProperty("model").GetString());
        Assert.Equal("model", health.GetProperty("mode").GetString());
        Assert.True(health.GetProperty("workingSetMb").GetDouble() > 0);
        Assert.True(health.GetProperty("gcHeapMb").GetDouble() > 0);
    }

    [Fact]
    public async Task HealthIsDegradedWithTheReasonWhenTheModelIsMissing()
    {
        using var app = factory.WithoutModel();
        var health = await GetHealthAsync(app.CreateClient());

        Assert.Equal("Degraded", health.GetProperty("status").GetString());
        Assert.False(health.GetProperty("modelLoaded").GetBoolean());
        Assert.Equal("rules", health.GetProperty("mode").GetString());
        Assert.Contains("not found", health.GetProperty("error").GetString());
    }
}
