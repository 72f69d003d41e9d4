using System.Net;
using System.Text;
using System.Text.Json;

namespace BiasApp.Tests.Api;

/// <summary>A misspelt or extra JSON field is refused with a 400 naming it, never ignored and never a 500.</summary>
public sealed class UnknownFieldTests(BiasAppFactory factory) : IClassFixture<BiasAppFactory>
{
    private Task<HttpResponseMessage> PostAsync(string json) =>
        factory.CreateClient().PostAsync("/api/v1/analyze", new StringContent(json, Encoding.UTF8, "application/json"));

    [Theory]
    [InlineData("""{"text": "All nurses are women.", "explian": "shap"}""", "explian")]
    [InlineData("""{"language": "en", "text": "All nurses are women."}""", "language")]
    [InlineData("""{"text": "All nurses are women.", "options": {"explain": "both"}}""", "options")]
    [InlineData("""{"text": "All nurses are women.", "my field": 1}""", "my field")]
    public async Task AnUnknownFieldIsA400NamingIt(string json, string field)
    {
        var response = await PostAsync(json);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(400, problem.GetProperty("status").GetInt32());
        Assert.Contains($"'{field}'", problem.GetProperty("detail").GetString());
        Assert.Contains("text, explain", problem.GetProperty("detail").GetString());
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _));
    }

    [Fact]
    public async Task AKnownFieldOfTheWrongTypeIsAPlain400NotAnUnknownField()
    {
        var response = await PostAsync("""{"text": 5}""");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.DoesNotContain("Unknown field", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task KnownFieldsInAnyCaseAreStillAccepted()
    {
        Assert.Equal(HttpStatusCode.OK, (await PostAsync("""{"Text": "All nurses are women.", "EXPLAIN": "none"}""")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await PostAsync("""{"text": "All nurses are women."}""")).StatusCode);
    }

    [Fact]
    public async Task AnUnknownFieldIsNotCountedAsAnAnalysis()
    {
        var key = await factory.CreateKeyAsync("unknown-field@example.test");
        var client = factory.CreateClient(key);
        var response = await client.PostAsync("/api/v1/analyze", new StringContent("""{"text": "All nurses are women.", "mode": "fast"}""", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var usage = JsonDocument.Parse(await client.GetStringAsync("/api/v1/usage")).RootElement.GetProperty("today");
        Assert.Equal(0, usage.GetProperty("requests").GetInt32());
        Assert.Equal(0, usage.GetProperty("rejected").GetInt32());
    }
}
