using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using BiasApp.Analysis;
using BiasApp.Core.Analysis;
using BiasApp.Core.Classification;

namespace BiasApp.Tests.Analysis;

/// <summary>Sentence kinds from the shipped model (3.0.0) in the API, batches and on the page.</summary>
public sealed class KindTests(BiasAppFactory factory) : IClassFixture<BiasAppFactory>
{
    private const string Myth = "It is a myth that women are bad drivers.";
    private const string Emotional = "Women are too emotional to lead.";
    private const string Waiter = "The waiter was rude.";
    private const string Weather = "The weather was lovely on Sunday afternoon.";

    private static readonly TimeSpan Slow = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task AnalyzeGivesEverySentenceItsKindAndFlagsOnlyStereotypesAndPortrayals()
    {
        var client = factory.CreateClient();
        var response = await client.PostAsJsonAsync("/api/v1/analyze", new { text = $"{Myth} {Emotional} {Waiter} Hi." });
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        var sentences = body.GetProperty("sentences").EnumerateArray().ToArray();

        Assert.Equal([Kinds.Reported, Kinds.Stereotype], sentences.Take(2).Select(s => s.GetProperty("kind").GetString()));
        Assert.Equal([false, true], sentences.Take(2).Select(s => s.GetProperty("flagged").GetBoolean()));
        Assert.Equal("rejected by 'myth'", sentences[0].GetProperty("kindCue").GetString());
        Assert.NotEqual(Kinds.Stereotype, sentences[2].GetProperty("kind").GetString());
        // A too-short sentence is never scored: kind none, not flagged.
        Assert.Equal(("too_short", "none", false), (sentences[3].GetProperty("label").GetString(), sentences[3].GetProperty("kind").GetString(), sentences[3].GetProperty("flagged").GetBoolean()));
        // The probability stays the content score: the myth carries stereotype content though it is not asserted.
        Assert.True(sentences[0].GetProperty("probability").GetDouble() > 0, sentences[0].ToString());

        var summary = body.GetProperty("summary");
        var kinds = summary.GetProperty("kinds");
        Assert.Equal(sentences.Count(s => s.GetProperty("flagged").GetBoolean()), summary.GetProperty("flaggedCount").GetInt32());
        Assert.Equal(4, Kinds.All.Sum(k => kinds.GetProperty(k).GetInt32()));
        Assert.Equal(1, kinds.GetProperty("reported").GetInt32());
        Assert.Equal("3.0.0", body.GetProperty("model").GetProperty("version").GetString());
    }

    [Fact]
    public async Task ABatchCarriesTheSameKindsAsTheAnalysisAndRatesPerKindAndGroup()
    {
        var client = factory.CreateClient();
        var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes($"text,group\n{Myth},women\n{Emotional},women\n{Weather},none\n"));
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        form.Add(file, "file", "kinds.csv");
        var created = await client.PostAsync("/api/v1/batches", form);
        Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync());
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();
        var status = await Eventually.MatchesAsync(
            async () => (await client.GetFromJsonAsync<JsonElement>($"/api/v1/batches/{id}")).GetProperty("status").GetString(),
            s => s is not ("queued" or "running"), TimeSpan.FromSeconds(60), "the batch ends");
        Assert.Equal("done", status);

        var csv = (await client.GetStringAsync($"/api/v1/batches/{id}/results?format=csv")).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        var header = csv[0].Split(',');
        string Cell(int line, string column) => csv[line].Split(',')[Array.IndexOf(header, column)];
        Assert.Equal([Kinds.Reported, Kinds.Stereotype, Kinds.None], [Cell(1, "kind"), Cell(2, "kind"), Cell(3, "kind")]);
        Assert.Equal(["false", "true", "false"], [Cell(1, "row_flagged"), Cell(2, "row_flagged"), Cell(3, "row_flagged")]);

        var summary = await client.GetFromJsonAsync<JsonElement>($"/api/v1/batches/{id}/summary");
        Assert.Equal(1, summary.GetProperty("overall").GetProperty("flagged").GetInt32());
        var rates = summary.GetProperty("kinds").EnumerateArray()
            .ToDictionary(r => (r.GetProperty("kind").GetString(), r.GetProperty("group").GetString()), r => (r.GetProperty("rows").GetInt32(), r.GetProperty("count").GetInt32()));
        Assert.Equal((3, 1), rates[(Kinds.Reported, "(all)")]);
        Assert.Equal((2, 1), rates[(Kinds.Reported, "women")]);
        Assert.Equal((2, 1), rates[(Kinds.Stereotype, "women")]);
        Assert.Equal((1, 0), rates[(Kinds.Stereotype, "none")]);
    }

    [Fact]
    public async Task ThePageShowsEachKindInItsColourCountsThemAndFiltersByKind()
    {
        using var classifier = StereotypeClassifier.Load(Path.Combine(AppContext.BaseDirectory, "models", "stereotype-minilm"));
        await using var ctx = new BunitContext().AddMud().AddAnalysis(classifier);
        var page = ctx.Render<AnalyzePage>();

        page.Find("textarea").Input($"{Myth} {Emotional} {Weather}");
        page.Find("#analyze-button").Click();
        page.WaitForAssertion(() => Assert.Equal(3, page.FindAll(".sentence").Count), Slow);

        var cards = page.FindAll(".sentence");
        Assert.Equal([Kinds.Reported, Kinds.Stereotype, Kinds.None], cards.Select(c => c.GetAttribute("data-kind")));
        var reported = page.Find(".sentence-kind-reported");
        Assert.StartsWith("Reported", reported.TextContent.Trim());
        Assert.Contains("mud-chip-color-default", reported.ClassName);
        Assert.Contains("rejected by 'myth'", reported.GetAttribute("title"));
        Assert.Contains("rejected by 'myth'", page.Find(".sentence-kind-cue").TextContent);
        var stereotype = page.Find(".sentence-kind-stereotype");
        Assert.StartsWith("Stereotype", stereotype.TextContent.Trim());
        Assert.Contains("mud-chip-color-error", stereotype.ClassName);
        Assert.Contains("1 of 3 sentences flagged", page.Find("#verdict-flagged").TextContent);
        Assert.Contains("Reported: 1", page.Find(".verdict-kind-reported").TextContent);
        Assert.Contains("Stereotype: 1", page.Find(".verdict-kind-stereotype").TextContent);
        Assert.Contains("Portrayal: 0", page.Find(".verdict-kind-portrayal").TextContent);

        // Switching the stereotype and none filters off leaves the reported sentence alone.
        page.Find(".kind-filter-stereotype").Click();
        page.Find(".kind-filter-none").Click();
        page.WaitForAssertion(() => Assert.Equal([Kinds.Reported], page.FindAll(".sentence").Select(c => c.GetAttribute("data-kind"))), Slow);
        Assert.Contains("Reported (1)", page.Find(".kind-filter-reported").TextContent);
    }

    [Fact]
    public async Task APortrayalIsAmberWithItsOwnLabelAndNamesThePersonItIsAbout()
    {
        await using var ctx = new BunitContext().AddMud();
        var sentence = new AnalyzedSentence(0, 52, "The Polish builder was drinking vodka on the job.", Labels.Stereotype, 0.95f)
        {
            Kind = Kinds.Portrayal,
            KindCue = KindCues.Describe("The Polish builder was drinking vodka on the job.", Kinds.Portrayal),
        };

        var cut = ctx.Render<SentenceList>(p => p.Add(x => x.Sentences, [sentence]));

        var chip = cut.Find(".sentence-kind-portrayal");
        Assert.StartsWith("Portrayal", chip.TextContent.Trim());
        Assert.Contains("mud-chip-color-warning", chip.ClassName);
        Assert.Contains("about particular people: 'The Polish builder'", cut.Find(".sentence-kind-cue").TextContent);
        Assert.True(sentence.Flagged);
    }
}
