using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace BiasApp.Tests.Api;

/// <summary>
/// Every 4xx under <c>/api</c> is a ProblemDetails body with a <c>type</c>, a <c>title</c> and a <c>detail</c> that says what
/// to do, in the app's words rather than the framework's.
/// </summary>
public sealed class ProblemWordingTests(BiasAppFactory factory) : IClassFixture<BiasAppFactory>
{
    /// <summary>The problem body of <paramref name="response"/>, after checking its status, media type and the three fields.</summary>
    internal static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"expected {(int)status}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(body).RootElement;
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        foreach (var field in new[] { "type", "title", "detail" })
            Assert.False(string.IsNullOrWhiteSpace(problem.TryGetProperty(field, out var value) ? value.GetString() : null), $"no {field} in {body}");
        return problem;
    }

    private static string Detail(JsonElement problem) => problem.GetProperty("detail").GetString()!;

    private static HttpContent Json(string json) => new StringContent(json, Encoding.UTF8, "application/json");

    [Fact]
    public async Task APostWithNoBodyIsA400ThatShowsTheJsonToSend()
    {
        var response = await factory.CreateClient().PostAsync("/api/v1/analyze", content: null);
        var detail = Detail(await ProblemAsync(response, HttpStatusCode.BadRequest));
        Assert.StartsWith("The request has no body", detail);
        Assert.Contains("{\"text\": \"…\"}", detail);
        Assert.DoesNotContain("Implicit body", detail);
        Assert.DoesNotContain("Service", detail);
    }

    [Fact]
    public async Task AJsonNullBodyIsA400ThatShowsTheJsonToSend()
    {
        var detail = Detail(await ProblemAsync(await factory.CreateClient().PostAsync("/api/v1/analyze", Json("null")), HttpStatusCode.BadRequest));
        Assert.Contains("{\"text\": \"…\"}", detail);
        Assert.DoesNotContain("Implicit body", detail);
    }

    [Fact]
    public async Task MalformedJsonNamesTheLineAndPosition()
    {
        // The missing comma: the third line's opening quote, its third character.
        var response = await factory.CreateClient().PostAsync("/api/v1/analyze", Json("{\n  \"text\": \"Nurses are caring.\"\n  \"explain\": \"none\"\n}"));
        var detail = Detail(await ProblemAsync(response, HttpStatusCode.BadRequest));
        Assert.Contains("line 3, position 3", detail);
        Assert.DoesNotContain("Failed to read parameter", detail);
    }

    [Fact]
    public async Task AValueOfTheWrongTypeNamesItsFieldLineAndPosition()
    {
        var detail = Detail(await ProblemAsync(await factory.CreateClient().PostAsync("/api/v1/analyze", Json("""{"text": 5}""")), HttpStatusCode.BadRequest));
        Assert.Contains("'text' near line 1, position 10 has the wrong type", detail);
    }

    [Fact]
    public async Task AJsonValueThatIsNotAnObjectIsA400ShowingTheObjectToSend()
    {
        var detail = Detail(await ProblemAsync(await factory.CreateClient().PostAsync("/api/v1/analyze", Json("\"Nurses are caring.\"")), HttpStatusCode.BadRequest));
        Assert.StartsWith("The body must be a JSON object like {\"text\": \"…\"}", detail);
    }

    [Fact]
    public async Task AValidationProblemRepeatsItsMessagesInTheDetail()
    {
        var problem = await ProblemAsync(await factory.CreateClient().PostAsync("/api/v1/analyze", Json("""{"text": "", "explain": "all"}""")), HttpStatusCode.BadRequest);
        Assert.Contains("Unknown explain value 'all'", Detail(problem));
        Assert.True(problem.GetProperty("errors").TryGetProperty("explain", out _));
    }

    [Fact]
    public async Task ABodyThatIsNotJsonIsA415AskingForJson()
    {
        var response = await factory.CreateClient().PostAsync("/api/v1/analyze", new StringContent("Nurses are caring.", Encoding.UTF8, "text/plain"));
        var detail = Detail(await ProblemAsync(response, HttpStatusCode.UnsupportedMediaType));
        Assert.Contains("Content-Type: application/json", detail);
        Assert.Contains("text/plain", detail);
    }

    [Fact]
    public async Task ABodyOverTheLimitIsA413NamingTheLimit()
    {
        // The in-memory test server enforces no body size; Kestrel does.
        await using var kestrel = new BiasAppFactory();
        kestrel.UseKestrel(0);
        var client = kestrel.CreateClient();
        var limit = BiasApp.Analysis.AnalysisEndpoints.MaxBodyBytes(new BiasApp.Core.Analysis.AnalysisOptions().MaxTextLength);
        var response = await client.PostAsync("/api/v1/analyze", Json($$"""{"text": "{{new string('a', (int)limit)}}"}"""));
        var problem = await ProblemAsync(response, HttpStatusCode.RequestEntityTooLarge);
        Assert.Contains(limit.ToString("N0", System.Globalization.CultureInfo.InvariantCulture) + " bytes", Detail(problem));
        Assert.Equal("https://tools.ietf.org/html/rfc9110#section-15.5.14", problem.GetProperty("type").GetString());
    }

    [Fact]
    public async Task EveryTooManyRequestsAnswerHasTheRfc6585Type()
    {
        await using var limited = new BiasAppFactory();
        limited.Settings["Usage:RequestsPerMinute"] = "2";
        limited.Settings["Usage:DailyQuota"] = "1";
        var client = limited.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.AnalyzeAsync()).StatusCode);

        // The daily quota (the endpoint filter), the batch upload's quota check, then the per-minute rate limit (the middleware).
        var quota = await ProblemAsync(await client.AnalyzeAsync(), HttpStatusCode.TooManyRequests);
        var batch = await ProblemAsync(await client.PostAsync("/api/v1/batches", new StringContent("Nurses are caring.\n", Encoding.UTF8, "text/plain")),
            HttpStatusCode.TooManyRequests);
        var rate = await ProblemAsync(await client.AnalyzeAsync(), HttpStatusCode.TooManyRequests);
        Assert.Equal("Rate limit reached", rate.GetProperty("title").GetString());
        Assert.NotEqual("Rate limit reached", quota.GetProperty("title").GetString());
        foreach (var problem in new[] { quota, batch, rate })
            Assert.Equal("https://tools.ietf.org/html/rfc6585#section-4", problem.GetProperty("type").GetString());
    }

    [Theory]
    [InlineData("GET", "/api/v1/nope")]
    [InlineData("POST", "/api/v1/nope")]
    [InlineData("PUT", "/api/nope")]
    [InlineData("DELETE", "/api/v2/batches")]
    [InlineData("PATCH", "/api/v1/analyze/now")]
    public async Task AnUnknownPathUnderApiIsA404WhateverTheMethod(string method, string path)
    {
        var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (method != "GET") request.Content = Json("{}");
        var detail = Detail(await ProblemAsync(await factory.CreateClient().SendAsync(request), HttpStatusCode.NotFound));
        Assert.Contains(path, detail);
        Assert.Contains("/api/docs", detail);
    }

    [Fact]
    public async Task AKnownPathWithTheWrongMethodIsA405NamingTheMethodsItTakes()
    {
        var response = await factory.CreateClient().DeleteAsync("/api/v1/analyze");
        var detail = Detail(await ProblemAsync(response, HttpStatusCode.MethodNotAllowed));
        Assert.Contains("DELETE", detail);
        Assert.Contains("POST", detail);
    }

    [Fact]
    public async Task CreatedAtKeepsItsUtcZWhenTheBatchIsReadBack()
    {
        var client = factory.CreateClient();
        var created = await client.PostAsync("/api/v1/batches", new StringContent("Nurses are caring.\nThe bus was late.\n", Encoding.UTF8, "text/plain"));
        Assert.Equal(HttpStatusCode.Accepted, created.StatusCode);
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();

        var one = await client.GetFromJsonAsync<JsonElement>($"/api/v1/batches/{id}");
        var listed = (await client.GetFromJsonAsync<JsonElement>("/api/v1/batches")).EnumerateArray().Single(b => b.GetProperty("id").GetString() == id);
        foreach (var batch in new[] { one, listed })
        {
            var createdAt = batch.GetProperty("createdAt").GetString()!;
            Assert.EndsWith("Z", createdAt);
            Assert.True(DateTimeOffset.UtcNow - DateTimeOffset.Parse(createdAt, System.Globalization.CultureInfo.InvariantCulture) < TimeSpan.FromMinutes(5), createdAt);
        }
    }
}
