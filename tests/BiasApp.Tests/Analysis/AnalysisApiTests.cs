using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace BiasApp.Tests.Analysis;

public sealed class AnalysisApiTests(BiasAppFactory factory) : IClassFixture<BiasAppFactory>
{
    private readonly HttpClient _client = factory.CreateClient();

    private Task<HttpResponseMessage> PostJsonAsync(string json) =>
        _client.PostAsync("/api/v1/analyze", new StringContent(json, Encoding.UTF8, "application/json"));

    private static async Task<JsonElement> ReadJsonAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

    [Fact]
    public async Task AnalyzeReturnsSentencesWhoseOffsetsSliceTheOriginalText()
    {
        const string text = "Mr. Smith says all nurses are women.\n\nThe weather is nice 😀. Isn't it?";
        var response = await _client.PostAsJsonAsync("/api/v1/analyze", new { text, explain = "none" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await ReadJsonAsync(response);
        var sentences = body.GetProperty("sentences").EnumerateArray().ToArray();
        Assert.Equal(3, sentences.Length);
        foreach (var sentence in sentences)
        {
            var start = sentence.GetProperty("start").GetInt32();
            var length = sentence.GetProperty("length").GetInt32();
            Assert.Equal(text.Substring(start, length), sentence.GetProperty("text").GetString());
            Assert.InRange(sentence.GetProperty("probability").GetSingle(), 0f, 1f);
            Assert.Contains(sentence.GetProperty("label").GetString(), new[] { "stereotype", "not_stereotype", "too_short" });
            Assert.Contains(sentence.GetProperty("review").ValueKind, new[] { JsonValueKind.True, JsonValueKind.False });
        }
        Assert.Equal("model", body.GetProperty("mode").GetString());
        Assert.False(string.IsNullOrEmpty(body.GetProperty("model").GetProperty("name").GetString()));
        Assert.True(body.GetProperty("model").TryGetProperty("version", out _));
        Assert.Equal(3, body.GetProperty("summary").GetProperty("sentenceCount").GetInt32());
        var flagged = sentences.Count(s => s.GetProperty("label").GetString() == "stereotype");
        Assert.Equal(flagged, body.GetProperty("summary").GetProperty("flaggedCount").GetInt32());
    }

    [Fact]
    public async Task ShortInputsAreTooShortUnscoredAndNotFlagged()
    {
        const string text = "Sport\n\nDear Anna,\nAll women are bad drivers.";
        var response = await _client.PostAsJsonAsync("/api/v1/analyze", new { text });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await ReadJsonAsync(response);
        var sentences = body.GetProperty("sentences").EnumerateArray().ToArray();
        Assert.Equal(["Sport", "Dear Anna,", "All women are bad drivers."], sentences.Select(s => s.GetProperty("text").GetString()));
        foreach (var sentence in sentences[..2])
        {
            Assert.Equal("too_short", sentence.GetProperty("label").GetString());
            Assert.Equal(0f, sentence.GetProperty("probability").GetSingle());
            Assert.False(sentence.GetProperty("review").GetBoolean());
            Assert.False(sentence.TryGetProperty("axis", out _));
            Assert.False(sentence.TryGetProperty("explanation", out _));
        }
        var summary = body.GetProperty("summary");
        Assert.Equal(3, summary.GetProperty("sentenceCount").GetInt32());
        Assert.Equal(sentences.Count(s => s.GetProperty("label").GetString() == "stereotype"), summary.GetProperty("flaggedCount").GetInt32());
        Assert.True(summary.GetProperty("flaggedCount").GetInt32() <= 1);
    }

    [Fact]
    public async Task AHighSeverityRuleHitTheModelPassedIsMarkedForReview()
    {
        // Invariant first, because the model will be retrained: review == (a high-severity hit, not negated) && not_stereotype.
        const string text = "Every doctor is on call once a month. All women are bad drivers. Not all women are bad drivers. "
            + "The midget submarine was launched in 1942. The report is due on Friday. Midgets!";
        var response = await _client.PostAsJsonAsync("/api/v1/analyze", new { text });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var sentences = (await ReadJsonAsync(response)).GetProperty("sentences").EnumerateArray().ToArray();
        Assert.Equal(6, sentences.Length);
        foreach (var sentence in sentences)
        {
            var label = sentence.GetProperty("label").GetString();
            var highHit = sentence.GetProperty("ruleHits").EnumerateArray()
                .Any(h => h.GetProperty("severity").GetString() == "high" && !h.GetProperty("negated").GetBoolean());
            Assert.Equal(highHit && label == "not_stereotype", sentence.GetProperty("review").GetBoolean());
        }
        Assert.Equal("too_short", sentences[^1].GetProperty("label").GetString());
        // "every X is" fires (high) on a duty rota the model scores near 0.
        Assert.True(sentences[0].GetProperty("review").GetBoolean(), sentences[0].GetRawText());
    }

    [Fact]
    public async Task ExplainDefaultsToNoneWhenLeftOut()
    {
        var response = await PostJsonAsync("""{"text":"Girls are bad at maths."}""");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("none", (await ReadJsonAsync(response)).GetProperty("explain").GetString());
    }

    [Theory]
    [InlineData("""{"text":""}""", "text")]
    [InlineData("""{"text":"   \n  "}""", "text")]
    [InlineData("""{"explain":"none"}""", "text")]
    [InlineData("""{"text":"Fine.","explain":"magic"}""", "explain")]
    public async Task InvalidFieldsGetAValidationProblem(string json, string field)
    {
        var response = await PostJsonAsync(json);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.True((await ReadJsonAsync(response)).GetProperty("errors").TryGetProperty(field, out _));
    }

    [Fact]
    public async Task TextOverTheLimitGetsAValidationProblem()
    {
        var response = await _client.PostAsJsonAsync("/api/v1/analyze", new { text = new string('a', 20_001) });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("20,000", (await ReadJsonAsync(response)).GetProperty("errors").GetProperty("text")[0].GetString());
    }

    [Theory]
    [InlineData("""{"text": """)]
    [InlineData("""{"text": 42}""")]
    [InlineData("not json")]
    [InlineData("")]
    [InlineData("null")]
    public async Task MalformedJsonGetsABadRequestProblem(string json)
    {
        var response = await PostJsonAsync(json);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(400, (await ReadJsonAsync(response)).GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task WrongContentTypeGetsUnsupportedMediaType()
    {
        var response = await _client.PostAsync("/api/v1/analyze", new StringContent("All cats are lazy.", Encoding.UTF8, "text/plain"));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task MissingModelFileFallsBackToRulesModeAnswers()
    {
        using var app = factory.WithoutModel();
        const string text = "The report is due on Friday. All women are bad drivers.";
        var response = await app.CreateClient().PostAsJsonAsync("/api/v1/analyze", new { text });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await ReadJsonAsync(response);
        Assert.Equal("rules", body.GetProperty("mode").GetString());
        Assert.Equal("rules", body.GetProperty("model").GetProperty("name").GetString());
        var sentences = body.GetProperty("sentences").EnumerateArray().ToArray();
        Assert.Equal("not_stereotype", sentences[0].GetProperty("label").GetString());
        Assert.Equal("stereotype", sentences[1].GetProperty("label").GetString());
        Assert.Equal("gender", sentences[1].GetProperty("axis").GetString());
        var hit = sentences[1].GetProperty("ruleHits").EnumerateArray().First();
        Assert.Equal(hit.GetProperty("text").GetString(), text.Substring(hit.GetProperty("start").GetInt32(), hit.GetProperty("length").GetInt32()));
    }

    [Fact]
    public async Task ModelVerdictsCarryRuleHitsBesideThem()
    {
        var response = await _client.PostAsJsonAsync("/api/v1/analyze", new { text = "All women are bad drivers." });
        var body = await ReadJsonAsync(response);
        Assert.Equal("model", body.GetProperty("mode").GetString());
        var sentence = body.GetProperty("sentences")[0];
        Assert.Contains(sentence.GetProperty("ruleHits").EnumerateArray(), h => h.GetProperty("kind").GetString() == "generalisation");
    }

    [Fact]
    public async Task MissingModelWithRulesOffAnswersServiceUnavailableNotAServerError()
    {
        using var app = factory.WithoutModel().WithWebHostBuilder(b => b.UseSetting("Rules:Enabled", "false"));
        var response = await app.CreateClient().PostAsJsonAsync("/api/v1/analyze", new { text = "All cats are lazy." });
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Contains("not available", (await ReadJsonAsync(response)).GetProperty("detail").GetString());
    }

    [Fact]
    public async Task OpenApiDocumentDescribesTheAnalyzeEndpoint()
    {
        var response = await _client.GetAsync("/openapi/v1.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var paths = (await ReadJsonAsync(response)).GetProperty("paths");
        Assert.True(paths.GetProperty("/api/v1/analyze").TryGetProperty("post", out _));
    }
}
