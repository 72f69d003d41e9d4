using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace BiasApp.Tests.Explanations;

public sealed class ExplanationApiTests(BiasAppFactory factory) : IClassFixture<BiasAppFactory>
{
    // Two sentences, the second not at offset 0, with a newline and an emoji before it: offsets must be document offsets.
    private const string Text = "The weather is nice 😀.\n\nWomen are bad drivers, and old people can't use phones!";

    private static async Task<JsonElement> AnalyzeAsync(HttpClient client, string explain)
    {
        var response = await client.PostAsJsonAsync("/api/v1/analyze", new { text = Text, explain });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
    }

    private static void AssertWordsSliceTheText(JsonElement words)
    {
        Assert.True(words.GetArrayLength() > 0);
        foreach (var word in words.EnumerateArray())
        {
            var start = word.GetProperty("start").GetInt32();
            var length = word.GetProperty("length").GetInt32();
            Assert.Equal(word.GetProperty("word").GetString(), Text.Substring(start, length));
            Assert.True(double.IsFinite(word.GetProperty("value").GetDouble()));
        }
    }

    private static void AssertShapIsEfficient(JsonElement explanation)
    {
        var sum = explanation.GetProperty("shap").EnumerateArray().Sum(w => w.GetProperty("value").GetDouble());
        var gap = explanation.GetProperty("probability").GetDouble() - explanation.GetProperty("baseProbability").GetDouble();
        Assert.Equal(gap, sum, 1e-3);
    }

    [Theory]
    [InlineData("shap")]
    [InlineData("lime")]
    [InlineData("both")]
    public async Task EachExplainModeReturnsWordScoresWithDocumentOffsets(string explain)
    {
        var body = await AnalyzeAsync(factory.CreateClient(), explain);

        Assert.Equal(explain, body.GetProperty("explain").GetString());
        var sentences = body.GetProperty("sentences").EnumerateArray().ToArray();
        Assert.Equal(2, sentences.Length);
        foreach (var sentence in sentences)
        {
            var explanation = sentence.GetProperty("explanation");
            Assert.Equal(explain, explanation.GetProperty("method").GetString());
            Assert.InRange(explanation.GetProperty("probability").GetDouble(), 0, 1);
            Assert.InRange(explanation.GetProperty("baseProbability").GetDouble(), 0, 1);
            Assert.True(explanation.GetProperty("evaluations").GetInt32() > 2);
            Assert.False(explanation.GetProperty("truncated").GetBoolean());
            Assert.False(explanation.TryGetProperty("sentence", out _));

            var shap = explanation.GetProperty("shap");
            var lime = explanation.GetProperty("lime");
            if (explain is "shap" or "both")
            {
                AssertWordsSliceTheText(shap);
                AssertShapIsEfficient(explanation);
            }
            else
            {
                Assert.Equal(JsonValueKind.Null, shap.ValueKind);
            }
            if (explain is "lime" or "both")
            {
                AssertWordsSliceTheText(lime.GetProperty("words"));
                Assert.True(double.IsFinite(lime.GetProperty("intercept").GetDouble()));
                Assert.InRange(lime.GetProperty("rSquared").GetDouble(), -1e-9, 1 + 1e-9);
            }
            else
            {
                Assert.Equal(JsonValueKind.Null, lime.ValueKind);
            }
            var agreement = explanation.GetProperty("agreement");
            if (explain == "both")
            {
                Assert.InRange(agreement.GetProperty("cosine").GetDouble(), -1, 1);
                Assert.InRange(agreement.GetProperty("pearson").GetDouble(), -1, 1);
                Assert.InRange(agreement.GetProperty("jensenShannon").GetDouble(), 0, 1);
                Assert.InRange(agreement.GetProperty("confidence").GetDouble(), 0, 1);
            }
            else
            {
                Assert.Equal(JsonValueKind.Null, agreement.ValueKind);
            }
        }
        var firstWord = sentences[1].GetProperty("explanation").GetProperty(explain == "lime" ? "lime" : "shap");
        if (firstWord.ValueKind == JsonValueKind.Object) firstWord = firstWord.GetProperty("words");
        Assert.Equal(Text.IndexOf("Women", StringComparison.Ordinal), firstWord[0].GetProperty("start").GetInt32());
    }

    [Fact]
    public async Task NoneLeavesTheExplanationOut()
    {
        var body = await AnalyzeAsync(factory.CreateClient(), "none");
        Assert.All(body.GetProperty("sentences").EnumerateArray(), s => Assert.False(s.TryGetProperty("explanation", out _)));
    }

    [Theory]
    [InlineData("Explanations:Enabled", "false", "shap", "Explanations:Enabled=false")]
    [InlineData("Explanations:Lime", "false", "both", "LIME is switched off")]
    [InlineData("HEARTS_ENABLE_SHAP", "false", "shap", "SHAP is switched off")]
    [InlineData("HEARTS_ENABLE_LIME", "0", "lime", "LIME is switched off")]
    public async Task MethodsSwitchedOffInConfigurationAreRefusedWithAClearMessage(string key, string value, string explain, string message)
    {
        using var app = factory.WithWebHostBuilder(builder => builder.UseSetting(key, value));
        var response = await app.CreateClient().PostAsJsonAsync("/api/v1/analyze", new { text = "Women are bad drivers.", explain });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("errors");
        Assert.Contains(message, errors.GetProperty("explain")[0].GetString());
    }

    [Fact]
    public async Task HeartsSwitchOverridesTheExplanationsSection()
    {
        using var app = factory.WithWebHostBuilder(builder => builder
            .UseSetting("Explanations:Shap", "false")
            .UseSetting("HEARTS_ENABLE_SHAP", "true"));
        var response = await app.CreateClient().PostAsJsonAsync("/api/v1/analyze", new { text = "Women are bad drivers.", explain = "shap" });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
