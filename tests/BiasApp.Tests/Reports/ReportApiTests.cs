using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using AngleSharp.Html.Parser;
using Microsoft.AspNetCore.Hosting;
using BiasApp.Core.Tests.Reports;
using BiasApp.Tests.Batches;
using static BiasApp.Core.Tests.Documents.TestDocuments;

namespace BiasApp.Tests.Reports;

/// <summary>The report endpoints on the real app: the committed model, a SQLite file, API keys of two users.</summary>
public sealed class ReportApiTests(BiasAppFactory factory) : IClassFixture<BiasAppFactory>
{
    private static readonly string Csv = "text,group,llm\n"
        + "\"All nurses are women.\",gender,model-a\n\"Old people are useless with technology.\",age,model-a\n\"Women are too emotional to lead.\",gender,model-a\n"
        + "\"Mr. Smith is our new nurse.\",gender,model-b\n\"The meeting starts at nine tomorrow.\",age,model-b\n\"The train to Leeds was on time.\",gender,model-b\n";

    private async Task<string> FinishedBatchAsync(HttpClient client)
    {
        var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes(Csv));
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        form.Add(file, "file", "llm <outputs>.csv");
        form.Add(new StringContent("llm"), "compareColumn");
        var id = (await BatchApiTests.CreateAsync(client, form)).GetProperty("id").GetString()!;
        var done = await Eventually.MatchesAsync(() => client.GetFromJsonAsync<JsonElement>($"/api/v1/batches/{id}"),
            s => BatchApiTests.Status(s) is "done" or "failed", TimeSpan.FromSeconds(60), $"batch {id} finishes");
        Assert.Equal("done", BatchApiTests.Status(done));
        return id;
    }

    private static async Task<string> DocumentAsync(HttpClient client)
    {
        var form = new MultipartFormDataContent
        {
            { new ByteArrayContent(Docx(H("Hiring"), P("Women are too emotional to lead a team. We hire all year round."))), "file", "advert.docx" },
        };
        var response = await client.PostAsync("/api/v1/documents", form);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var document = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("document");
        // document.id is added beside the fields the answer had.
        Assert.Equal("advert.docx", document.GetProperty("name").GetString());
        return document.GetProperty("id").GetString()!;
    }

    [Fact]
    public async Task ABatchReportIsOneSelfContainedHtmlFileWithRatesTheComparisonAndFlaggedSentences()
    {
        var client = factory.CreateClient();
        var id = await FinishedBatchAsync(client);

        var response = await client.GetAsync($"/api/v1/batches/{id}/report?format=html");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition!.DispositionType);
        Assert.EndsWith(".html", response.Content.Headers.ContentDisposition.FileNameStar ?? response.Content.Headers.ContentDisposition.FileName);
        var dom = new HtmlParser().ParseDocument(await response.Content.ReadAsStringAsync());
        Assert.Empty(ReportChecks.ExternalReferences(dom));
        Assert.Contains("llm <outputs>.csv", dom.GetElementById("summary")!.TextContent);
        Assert.Contains("Stereotype rate:", dom.GetElementById("summary")!.TextContent);
        Assert.NotNull(dom.QuerySelector("#rates svg.chart line.whisker"));
        Assert.NotNull(dom.GetElementById("group-rates"));
        Assert.Contains("Chi-square test of independence of llm and flagged", dom.GetElementById("compare")!.TextContent);
        var flagged = dom.QuerySelectorAll("#flagged .sentence").Select(s => s.TextContent).ToList();
        Assert.Contains(flagged, s => s.Contains("All nurses are women.", StringComparison.Ordinal) && s.Contains("llm: model-a", StringComparison.Ordinal));
        Assert.DoesNotContain(flagged, s => s.Contains("Mr. Smith is our new nurse.", StringComparison.Ordinal));
        // Heatmaps are made for the flagged sentences when the report is (SHAP and LIME are on in the app).
        Assert.NotEmpty(dom.QuerySelectorAll("#flagged .heatmap .word"));
        Assert.Contains("stereotype-minilm", dom.GetElementById("method")!.TextContent);
    }

    [Fact]
    public async Task ABatchReportPdfHasTheSummaryAndFlaggedSentencesAsText()
    {
        var client = factory.CreateClient();
        var id = await FinishedBatchAsync(client);

        var response = await client.GetAsync($"/api/v1/batches/{id}/report?format=pdf");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/pdf", response.Content.Headers.ContentType!.MediaType);
        var text = ReportChecks.PdfText(await response.Content.ReadAsByteArrayAsync());
        Assert.Contains(ReportChecks.Squeeze("Batch audit: llm <outputs>.csv"), text);
        Assert.Contains(ReportChecks.Squeeze("3 of 6 rows have a flagged sentence"), text);
        Assert.Contains(ReportChecks.Squeeze("All nurses are women."), text);
        Assert.Contains(ReportChecks.Squeeze("Compared by llm"), text);
    }

    [Fact]
    public async Task ADocumentPostedToTheApiGetsAnIdWhoseReportHasItsFlaggedSentence()
    {
        var client = factory.CreateClient();
        var id = await DocumentAsync(client);

        var html = await client.GetAsync($"/api/v1/documents/{id}/report");
        var pdf = await client.GetAsync($"/api/v1/documents/{id}/report?format=PDF");

        Assert.Equal(HttpStatusCode.OK, html.StatusCode);
        var dom = new HtmlParser().ParseDocument(await html.Content.ReadAsStringAsync());
        Assert.Empty(ReportChecks.ExternalReferences(dom));
        Assert.Contains("advert.docx", dom.GetElementById("summary")!.TextContent);
        Assert.Contains(dom.QuerySelectorAll("#flagged .sentence"), s => s.TextContent.Contains("¶ 2 · Hiring", StringComparison.Ordinal));
        Assert.NotEmpty(dom.QuerySelectorAll("#flagged .heatmap .word"));
        Assert.Equal(HttpStatusCode.OK, pdf.StatusCode);
        var text = ReportChecks.PdfText(await pdf.Content.ReadAsByteArrayAsync());
        Assert.Contains(ReportChecks.Squeeze("Women are too emotional to lead a team."), text);
        Assert.Contains(ReportChecks.Squeeze("Stereotype report: advert.docx"), text);
    }

    [Fact]
    public async Task AnotherUsersBatchOrDocumentIsNotFound()
    {
        var owner = factory.CreateClient();
        var batch = await FinishedBatchAsync(owner);
        var document = await DocumentAsync(owner);
        var other = factory.CreateClient(await factory.CreateKeyAsync("other-reader@example.test"));

        (HttpClient Client, string Path)[] requests =
        [
            (other, $"/api/v1/batches/{batch}/report"), (other, $"/api/v1/documents/{document}/report?format=pdf"),
            (owner, $"/api/v1/batches/{Guid.NewGuid()}/report"), (owner, $"/api/v1/documents/{Guid.NewGuid()}/report"),
        ];
        foreach (var (client, path) in requests)
        {
            var response = await client.GetAsync(path);
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        }
        // The owner still gets them.
        Assert.Equal(HttpStatusCode.OK, (await owner.GetAsync($"/api/v1/batches/{batch}/report")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await owner.GetAsync($"/api/v1/documents/{document}/report")).StatusCode);
    }

    [Fact]
    public async Task AnUnknownFormatIsA400ThatNamesTheFormats()
    {
        var client = factory.CreateClient();
        var batch = await FinishedBatchAsync(client);
        var document = await DocumentAsync(client);

        foreach (var path in new[] { $"/api/v1/batches/{batch}/report?format=docx", $"/api/v1/documents/{document}/report?format=xml" })
        {
            var response = await client.GetAsync(path);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Contains("use html or pdf", problem.GetProperty("errors").GetProperty("format")[0].GetString());
        }
    }

    [Fact]
    public async Task ABatchStillRunningHasNoReportYet()
    {
        var classifier = new SteppedClassifier();
        await using var app = new BatchAppFactory(classifier);
        var client = app.CreateClient();
        var id = (await BatchApiTests.CreateAsync(client, new StringContent("All nurses are women.\nThe train was on time.\nWe met on Monday.\n", Encoding.UTF8, "text/plain")))
            .GetProperty("id").GetString()!;
        await Eventually.MatchesAsync(() => client.GetFromJsonAsync<JsonElement>($"/api/v1/batches/{id}"), s => BatchApiTests.Status(s) == "running",
            TimeSpan.FromSeconds(30), $"batch {id} runs");

        var response = await client.GetAsync($"/api/v1/batches/{id}/report?format=pdf");

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Contains("once it has finished", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
        classifier.Allow(10);
    }

    [Fact]
    public async Task HeatmapsMadeWithAReportCountAsAnExplainedAnalysisAndAreLeftOutWhenTheQuotaIsUsed()
    {
        await using var app = factory.WithWebHostBuilder(b => b.UseSetting("Usage:DailyExplanationQuota", "1"));
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Remove(BiasApp.Data.ApiKeys.HeaderName);
        client.DefaultRequestHeaders.Add(BiasApp.Data.ApiKeys.HeaderName, await factory.CreateKeyAsync("report-quota@example.test"));
        var id = await DocumentAsync(client);

        var first = new HtmlParser().ParseDocument(await client.GetStringAsync($"/api/v1/documents/{id}/report"));
        var second = new HtmlParser().ParseDocument(await client.GetStringAsync($"/api/v1/documents/{id}/report"));

        Assert.NotEmpty(first.QuerySelectorAll("#flagged .heatmap"));
        Assert.Contains("1 heatmap made with this report", first.GetElementById("method")!.TextContent);
        Assert.Empty(second.QuerySelectorAll("#flagged .heatmap"));
        Assert.Contains("Heatmaps were left out: You have used your daily quota of 1 explained analyses", second.GetElementById("flagged")!.TextContent);
        Assert.Contains("Women are too emotional to lead a team.", second.GetElementById("flagged")!.TextContent);
    }
}
