using System.Net;
using System.Text.Json;
using BiasApp.Data;
using Microsoft.AspNetCore.Mvc.Testing;

namespace BiasApp.Tests.Api;

/// <summary>What <c>/openapi/v1.json</c> tells a client, and the reference page at <c>/api/docs</c>.</summary>
public sealed class OpenApiDocumentTests(BiasAppFactory factory) : IClassFixture<BiasAppFactory>
{
    private async Task<JsonElement> DocumentAsync()
    {
        var response = await factory.CreateClient().GetAsync("/openapi/v1.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
    }

    private static IEnumerable<(string Path, string Method, JsonElement Operation)> Operations(JsonElement document) =>
        document.GetProperty("paths").EnumerateObject().SelectMany(path => path.Value.EnumerateObject().Select(op => (path.Name, op.Name, op.Value)));

    private static JsonElement Resolve(JsonElement document, JsonElement schema) =>
        schema.TryGetProperty("$ref", out var reference)
            ? document.GetProperty("components").GetProperty("schemas").GetProperty(reference.GetString()!.Split('/')[^1])
            : schema;

    [Fact]
    public async Task DeclaresTheApiKeySchemeAndEveryApiOperationRequiresIt()
    {
        var document = await DocumentAsync();
        var scheme = document.GetProperty("components").GetProperty("securitySchemes").GetProperty("ApiKey");
        Assert.Equal("apiKey", scheme.GetProperty("type").GetString());
        Assert.Equal("header", scheme.GetProperty("in").GetString());
        Assert.Equal(ApiKeys.HeaderName, scheme.GetProperty("name").GetString());

        var operations = Operations(document).Where(o => o.Path.StartsWith("/api/v1/", StringComparison.Ordinal)).ToList();
        Assert.True(operations.Count >= 11, $"only {operations.Count} operations");
        foreach (var (path, method, operation) in operations)
        {
            var security = Assert.Single(operation.GetProperty("security").EnumerateArray());
            Assert.True(security.TryGetProperty("ApiKey", out _), $"{method} {path} does not require the key");
        }
    }

    [Fact]
    public async Task EveryApiOperationDeclaresA401WithItsReasonAndProblemDetailsBodies()
    {
        var document = await DocumentAsync();
        foreach (var (path, method, operation) in Operations(document).Where(o => o.Path.StartsWith("/api/v1/", StringComparison.Ordinal)))
        {
            var responses = operation.GetProperty("responses");
            var unauthorized = responses.GetProperty("401").GetProperty("content").GetProperty("application/problem+json").GetProperty("schema");
            var shape = Resolve(document, unauthorized);
            Assert.Equal("#/components/schemas/ProblemDetails", shape.GetProperty("allOf")[0].GetProperty("$ref").GetString());
            var reasons = shape.GetProperty("allOf")[1].GetProperty("properties").GetProperty("reason").GetProperty("enum")
                .EnumerateArray().Select(r => r.GetString()).ToList();
            Assert.Contains("missing", reasons);
            Assert.Contains("unknown", reasons);
            Assert.Contains("revoked", reasons);

            // Every error answer is a ProblemDetails (or its validation form) that exists in the document.
            foreach (var response in responses.EnumerateObject().Where(r => r.Name[0] is '4' or '5'))
            {
                var schema = response.Value.GetProperty("content").GetProperty("application/problem+json").GetProperty("schema");
                Assert.True(Resolve(document, schema).ValueKind == JsonValueKind.Object, $"{method} {path} {response.Name}");
            }
            Assert.True(responses.TryGetProperty("503", out _), $"{method} {path} has no 503");
        }
    }

    [Theory]
    [InlineData("/api/v1/analyze", "post", new[] { "200", "400", "401", "413", "415", "429", "503" })]
    [InlineData("/api/v1/batches", "post", new[] { "202", "400", "401", "409", "413", "415", "429" })]
    [InlineData("/api/v1/batches/{id}", "get", new[] { "200", "401", "404" })]
    [InlineData("/api/v1/batches/{id}", "delete", new[] { "204", "401", "404", "409" })]
    [InlineData("/api/v1/batches/{id}/results", "get", new[] { "200", "400", "401", "404" })]
    [InlineData("/api/v1/batches/{id}/cancel", "post", new[] { "202", "401", "404", "409" })]
    [InlineData("/api/v1/admin/usage", "get", new[] { "200", "400", "401", "403" })]
    [InlineData("/api/v1/admin/usage.csv", "get", new[] { "200", "400", "401", "403" })]
    [InlineData("/api/v1/feedback", "post", new[] { "201", "400", "401", "503" })]
    [InlineData("/api/v1/admin/feedback", "get", new[] { "200", "400", "401", "403" })]
    [InlineData("/api/v1/admin/feedback/{id}/accept", "post", new[] { "204", "401", "403", "404", "409" })]
    [InlineData("/api/v1/admin/feedback/{id}/reject", "post", new[] { "204", "401", "403", "404", "409" })]
    [InlineData("/api/v1/admin/feedback/{id}/revoke", "post", new[] { "204", "401", "403", "404", "409" })]
    [InlineData("/api/v1/admin/feedback/export", "get", new[] { "200", "401", "403" })]
    public async Task DeclaresTheStatusCodesEachEndpointCanReturn(string path, string method, string[] statuses)
    {
        var responses = (await DocumentAsync()).GetProperty("paths").GetProperty(path).GetProperty(method).GetProperty("responses");
        foreach (var status in statuses) Assert.True(responses.TryGetProperty(status, out _), $"{method} {path} does not declare {status}");
    }

    [Fact]
    public async Task AnalyzeBodyListsTheExplainValuesAndAllowsNoOtherFields()
    {
        var document = await DocumentAsync();
        var body = document.GetProperty("paths").GetProperty("/api/v1/analyze").GetProperty("post").GetProperty("requestBody")
            .GetProperty("content").GetProperty("application/json").GetProperty("schema");
        var request = Resolve(document, body);
        var explain = request.GetProperty("properties").GetProperty("explain");
        Assert.Equal(["none", "shap", "lime", "both"], explain.GetProperty("enum").EnumerateArray().Select(v => v.GetString()));
        Assert.Equal("none", explain.GetProperty("default").GetString());
        Assert.False(request.GetProperty("additionalProperties").GetBoolean());
    }

    [Fact]
    public async Task AnalyzeBodyHasAnExampleWorthSending()
    {
        var json = (await DocumentAsync()).GetProperty("paths").GetProperty("/api/v1/analyze").GetProperty("post").GetProperty("requestBody")
            .GetProperty("content").GetProperty("application/json");
        var example = json.GetProperty("example");
        Assert.Equal("Women are too emotional to lead. The weather is nice today.", example.GetProperty("text").GetString());
        Assert.Equal("none", example.GetProperty("explain").GetString());
        // And the example is a body the endpoint accepts.
        Assert.Equal(HttpStatusCode.OK, (await factory.CreateClient().PostAsync("/api/v1/analyze",
            new StringContent(example.GetRawText(), System.Text.Encoding.UTF8, "application/json"))).StatusCode);
    }

    [Fact]
    public async Task BatchUploadDescribesItsMultipartFormAndTheOtherBodies()
    {
        var operation = (await DocumentAsync()).GetProperty("paths").GetProperty("/api/v1/batches").GetProperty("post");
        var content = operation.GetProperty("requestBody").GetProperty("content");
        var form = content.GetProperty("multipart/form-data").GetProperty("schema");
        Assert.Equal("object", form.GetProperty("type").GetString());
        var properties = form.GetProperty("properties");
        Assert.Equal("binary", properties.GetProperty("file").GetProperty("format").GetString());
        foreach (var field in new[] { "textColumn", "groupColumn", "compareColumn", "sheet", "format", "name", "lines", "passThrough" }) Assert.True(properties.TryGetProperty(field, out _), field);
        Assert.True(content.TryGetProperty("application/x-ndjson", out _));
        Assert.True(content.TryGetProperty("text/plain", out _));
    }

    [Fact]
    public async Task TheDocumentAnswers401WithoutAKeyOrSessionAnd200WithEither()
    {
        _ = factory.AnalystKey; // an account exists, so the first-run redirect is off
        var anonymous = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        anonymous.DefaultRequestHeaders.Remove(ApiKeys.HeaderName);
        var session = await Accounts.AccountForms.SignedInAnalystAsync(factory, "document-reader@example.test");

        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/openapi/v1.json")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await factory.CreateClient().GetAsync("/openapi/v1.json")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await session.Client.GetAsync("/openapi/v1.json")).StatusCode);
    }

    [Fact]
    public async Task ReferencePageSendsAnonymousBrowsersToTheLoginForm()
    {
        _ = factory.AnalystKey; // an account exists, so the first-run redirect is off
        var browser = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        browser.DefaultRequestHeaders.Remove(ApiKeys.HeaderName);
        foreach (var path in new[] { "/api/docs", "/api/docs/", "/api/docs/v1" })
        {
            var response = await browser.GetAsync(path);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.StartsWith("/account/login", response.Headers.Location!.PathAndQuery);
        }
    }

    [Fact]
    public async Task ReferencePageRendersScalarOverTheDocumentWithANonceInItsCsp()
    {
        var session = await Accounts.AccountForms.SignedInAnalystAsync(factory, "reference-reader@example.test");
        var response = await session.Client.GetAsync("/api/docs/");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("\"url\":\"openapi/v1.json\"", html); // resolved by Scalar against the app's base path
        Assert.Contains("<script src=\"scalar.js\"", html); // served by the app itself, not a CDN

        var csp = Assert.Single(response.Headers.GetValues("Content-Security-Policy"));
        var nonce = System.Text.RegularExpressions.Regex.Match(csp, "script-src 'self' 'nonce-([^']+)'").Groups[1].Value;
        Assert.NotEmpty(nonce);
        var scripts = System.Text.RegularExpressions.Regex.Matches(html, "<script[^>]*>").Select(m => m.Value).ToList();
        Assert.NotEmpty(scripts);
        Assert.All(scripts, tag => Assert.Contains($"nonce=\"{nonce}\"", tag));
        Assert.Contains("frame-ancestors 'none'", csp);
        Assert.DoesNotContain("unsafe-inline", csp.Split("script-src")[1].Split(';')[0]); // scripts stay same-origin or nonced

        // A second request gets a fresh nonce.
        var again = Assert.Single((await factory.CreateClient().GetAsync("/api/docs/")).Headers.GetValues("Content-Security-Policy"));
        Assert.NotEqual(csp, again);
    }
}
