using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace BiasApp.Tests.Batches;

/// <summary>The page, the API and batches share one scoring pipeline: the same verdict and the same needs review.</summary>
public sealed class BatchReviewTests(BiasAppFactory factory) : IClassFixture<BiasAppFactory>
{
    [Fact]
    public async Task ASentenceThePageMarksNeedsReviewIsMarkedSoInTheBatchExport()
    {
        // The shipped model passes a duty rota while the "every X is" rule (high severity) fires: the page says needs review.
        var client = factory.CreateClient();
        const string rota = "Every doctor is on call once a month.";
        var analyzed = await client.PostAsJsonAsync("/api/v1/analyze", new { text = rota });
        Assert.True(analyzed.IsSuccessStatusCode, await analyzed.Content.ReadAsStringAsync());
        var onPage = (await analyzed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("sentences")[0];
        Assert.True(onPage.GetProperty("review").GetBoolean(), $"the analysis does not say needs review: {onPage}");

        var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes($"text\n{rota}\nThe bus was late again today.\n"));
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        form.Add(file, "file", "rota.csv");
        var created = await client.PostAsync("/api/v1/batches", form);
        Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync());
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();
        var status = await Eventually.MatchesAsync(
            async () => (await client.GetFromJsonAsync<JsonElement>($"/api/v1/batches/{id}")).GetProperty("status").GetString(),
            s => s is not ("queued" or "running"), TimeSpan.FromSeconds(60), "the batch ends");
        Assert.Equal("done", status);

        var rows = (await client.GetStringAsync($"/api/v1/batches/{id}/results")).Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => JsonDocument.Parse(l).RootElement).ToList();
        var batched = rows[0].GetProperty("sentences")[0];
        Assert.True(batched.GetProperty("review").GetBoolean());
        Assert.Equal(onPage.GetProperty("label").GetString(), batched.GetProperty("label").GetString());
        Assert.Equal(onPage.GetProperty("probability").GetDouble(), batched.GetProperty("probability").GetDouble(), 5);
        Assert.False(rows[1].GetProperty("sentences")[0].GetProperty("review").GetBoolean());

        var csv = (await client.GetStringAsync($"/api/v1/batches/{id}/results?format=csv")).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var header = csv[0].Trim().Split(',');
        Assert.Equal("true", csv[1].Trim().Split(',')[Array.IndexOf(header, "sentence_review")]);
        Assert.Equal("true", csv[1].Trim().Split(',')[Array.IndexOf(header, "row_review")]);
        Assert.Equal("false", csv[2].Trim().Split(',')[Array.IndexOf(header, "sentence_review")]);
    }

    [Fact]
    public async Task ASentenceThePageMarksNeedsReviewIsMarkedSoInADocument()
    {
        var client = factory.CreateClient();
        const string rota = "Every doctor is on call once a month.";
        var analyzed = await client.PostAsJsonAsync("/api/v1/analyze", new { text = rota });
        var onPage = (await analyzed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("sentences")[0];
        Assert.True(onPage.GetProperty("review").GetBoolean(), $"the analysis does not say needs review: {onPage}");

        var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes($"# Rota\n\n{rota} The bus was late again today.\n"));
        file.Headers.ContentType = new MediaTypeHeaderValue("text/markdown");
        form.Add(file, "file", "rota.md");
        var response = await client.PostAsync("/api/v1/documents", form);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        var sentences = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("sentences").EnumerateArray()
            .ToDictionary(s => s.GetProperty("text").GetString()!);

        var inDocument = sentences[rota];
        Assert.True(inDocument.GetProperty("review").GetBoolean());
        Assert.Equal(onPage.GetProperty("kind").GetString(), inDocument.GetProperty("kind").GetString());
        Assert.Equal(onPage.GetProperty("probability").GetDouble(), inDocument.GetProperty("probability").GetDouble(), 5);
        Assert.False(sentences["The bus was late again today."].GetProperty("review").GetBoolean());
    }
}
