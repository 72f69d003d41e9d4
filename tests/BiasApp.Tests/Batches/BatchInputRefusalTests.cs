using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using BiasApp.Batches;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BiasApp.Tests.Batches;

/// <summary>Input the batch API refuses, and how: a missing text field, repeated fields, too many columns or fields, too many uploads, bad bytes and types.</summary>
public sealed class BatchInputRefusalTests
{
    private static MultipartFormDataContent Upload(string content, string fileName = "texts.csv", string? textColumn = "text", string? groupColumn = "group") =>
        BatchApiTests.Upload(content, fileName, textColumn, groupColumn);

    private static Task<JsonElement> CreateAsync(HttpClient client, HttpContent content) => BatchApiTests.CreateAsync(client, content);

    [Fact]
    public async Task AJsonLineWithoutATextFieldIs400NamingTheLineAndTheFieldsItHas()
    {
        await using var factory = new BatchAppFactory(new FakeClassifier());
        var body = "{\"text\":\"All cats nap.\"}\n{\"txt\":\"Dogs bark.\",\"group\":\"dogs\"}\n";

        var response = await factory.CreateClient().PostAsync("/api/v1/batches", new StringContent(body, Encoding.UTF8, "application/x-ndjson"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var message = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").GetProperty("body")[0].GetString();
        Assert.Contains("Line 2 has no \"text\" field", message);
        Assert.Contains("\"txt\", \"group\"", message);
    }

    [Fact]
    public async Task AJsonLineWithAFieldTwiceIs400NotAServerError()
    {
        await using var factory = new BatchAppFactory(new FakeClassifier());
        var body = "{\"text\":\"All cats nap.\"}\n{\"text\":\"Dogs bark.\",\"id\":1,\"id\":2}\n";

        var response = await factory.CreateClient().PostAsync("/api/v1/batches", new StringContent(body, Encoding.UTF8, "application/x-ndjson"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var message = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").GetProperty("body")[0].GetString();
        Assert.Contains("Line 2 has the same field twice", message);
    }

    [Theory]
    [InlineData("", "file")]
    [InlineData("sentence,group\na,b\n", "textColumn")]
    [InlineData("text,group\n\"open,a\nb\"x\"y,c\n", "file")]
    public async Task BadCsvIs400WithTheField(string csv, string field)
    {
        await using var factory = new BatchAppFactory(new FakeClassifier());
        var response = await factory.CreateClient().PostAsync("/api/v1/batches", Upload(csv));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _));
    }

    [Fact]
    public async Task ACsvWithMoreThanAThousandColumnsIs400NamingTheLimit()
    {
        await using var factory = new BatchAppFactory(new FakeClassifier());
        var header = string.Join(",", Enumerable.Range(1, 1_000).Select(c => $"c{c}").Prepend("text"));
        var row = string.Join(",", Enumerable.Range(1, 1_000).Select(_ => "x").Prepend("All cats nap."));

        var response = await factory.CreateClient().PostAsync("/api/v1/batches", Upload(header + "\n" + row + "\n", groupColumn: null));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        var message = problem.GetProperty("errors").GetProperty("file")[0].GetString();
        Assert.Contains("1,001 columns", message);
        Assert.Contains("limit is 1,000", message);
    }

    [Fact]
    public async Task AJsonLineWithMoreThanAThousandKeysIs400NamingTheLineAndTheLimit()
    {
        await using var factory = new BatchAppFactory(new FakeClassifier());
        var wide = "{\"text\":\"All cats nap.\"," + string.Join(",", Enumerable.Range(1, 1_000).Select(k => $"\"k{k}\":1")) + "}";
        var body = "{\"text\":\"Dogs bark.\"}\n" + wide + "\n";

        var response = await factory.CreateClient().PostAsync("/api/v1/batches", new StringContent(body, Encoding.UTF8, "application/x-ndjson"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var message = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").GetProperty("body")[0].GetString();
        Assert.Contains("Line 2", message);
        Assert.Contains("1,001 fields", message);
        Assert.Contains("limit is 1,000", message);
    }

    [Fact]
    public async Task JsonLinesNamingMoreThanAThousandFieldsTogetherAre400()
    {
        await using var factory = new BatchAppFactory(new FakeClassifier());
        // 11 lines of 100 new fields each: every line is within the limit, the columns they make are not.
        var body = string.Concat(Enumerable.Range(0, 11).Select(line =>
            "{\"text\":\"All cats nap.\"," + string.Join(",", Enumerable.Range(0, 100).Select(k => $"\"f{line * 100 + k}\":1")) + "}\n"));

        var response = await factory.CreateClient().PostAsync("/api/v1/batches", new StringContent(body, Encoding.UTF8, "application/x-ndjson"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var message = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").GetProperty("body")[0].GetString();
        Assert.Contains("Line 11", message);
        Assert.Contains("limit is 1,000", message);
    }

    [Fact]
    public async Task MoreBatchPostsThanTheRateLimitAllowsAre429ProblemDetailsWithRetryAfter()
    {
        await using var factory = new BatchAppFactory(new FakeClassifier(), settings: new() { ["Batches:UploadsPerMinute"] = "2" });
        var client = factory.CreateClient();
        var other = factory.CreateClient();
        other.DefaultRequestHeaders.Add("X-Test-User", "someone-else");

        // Refused uploads count too: parsing them is the work the limit bounds.
        Assert.Equal(HttpStatusCode.BadRequest, (await client.PostAsync("/api/v1/batches", new StringContent("", Encoding.UTF8, "text/plain"))).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await client.PostAsync("/api/v1/batches", new StringContent("All cats nap.\n", Encoding.UTF8, "text/plain"))).StatusCode);
        var refused = await client.PostAsync("/api/v1/batches", new StringContent("Dogs bark.\n", Encoding.UTF8, "text/plain"));

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.True(refused.Headers.RetryAfter?.Delta > TimeSpan.Zero, "Retry-After should say when to try again");
        var problem = await refused.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(429, problem.GetProperty("status").GetInt32());
        Assert.Contains("2 batch uploads per minute", problem.GetProperty("detail").GetString());
        // Reading batches is not limited, and the limit is per caller.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/batches")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await other.PostAsync("/api/v1/batches", new StringContent("", Encoding.UTF8, "text/plain"))).StatusCode);
    }

    [Fact]
    public async Task InvalidUtf8Is400()
    {
        await using var factory = new BatchAppFactory(new FakeClassifier());
        var form = new MultipartFormDataContent { { new ByteArrayContent([0x74, 0x65, 0x78, 0x74, 0x0A, 0xC3, 0x28]), "file", "t.txt" } };
        var response = await factory.CreateClient().PostAsync("/api/v1/batches", form);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("UTF-8", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task WrongContentTypeIs415AndOversizeIs413()
    {
        await using var factory = new BatchAppFactory(new FakeClassifier(), settings: new() { ["Batches:MaxFileBytes"] = "100", ["Batches:MaxRows"] = "3" });
        var client = factory.CreateClient();

        var xml = await client.PostAsync("/api/v1/batches", new StringContent("<a/>", Encoding.UTF8, "application/xml"));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, xml.StatusCode);
        var big = await client.PostAsync("/api/v1/batches", new StringContent(new string('a', 500), Encoding.UTF8, "text/plain"));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, big.StatusCode);
        var rows = await client.PostAsync("/api/v1/batches", new StringContent("a\nb\nc\nd\n", Encoding.UTF8, "text/plain"));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, rows.StatusCode);
        Assert.Equal("application/problem+json", rows.Content.Headers.ContentType?.MediaType);
    }
}
