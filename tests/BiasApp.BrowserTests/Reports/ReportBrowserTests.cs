using System.Text.RegularExpressions;
using static BiasApp.Core.Tests.Documents.TestDocuments;

namespace BiasApp.BrowserTests.Reports;

[Collection(BrowserCollection.Name)]
public sealed class ReportBrowserTests(BrowserAppFixture app)
{
    [BrowserFact]
    public async Task ADocxUploadedOnTheAnalysisPageDownloadsAReportThatOpensOfflineWithItsFlaggedSentence()
    {
        var folder = Directory.CreateTempSubdirectory("biasapp-report-").FullName;
        var docx = Path.Combine(folder, "job-advert.docx");
        await File.WriteAllBytesAsync(docx, Docx(H("Hiring"), P("Women are too emotional to lead a team. We hire all year round.")));
        var page = await app.NewPageAsync();
        try
        {
            var analyze = new AnalyzePageDriver(page);
            await analyze.OpenAsync();
            // The form is enabled once the circuit is live, and the file input with it.
            await Assertions.Expect(analyze.TextBox).ToBeEnabledAsync();
            await page.Locator("input[type=file]").First.SetInputFilesAsync(docx);
            await Assertions.Expect(analyze.Sentences).ToHaveCountAsync(3, new() { Timeout = 60_000 });
            await Assertions.Expect(page.Locator("#document-name")).ToContainTextAsync("job-advert.docx");

            var download = await page.RunAndWaitForDownloadAsync(() => page.Locator("#analysis-report-html").ClickAsync(), new() { Timeout = 60_000 });

            Assert.Matches(new Regex(@"^report-document-\d{8}-\d{6}\.html$"), download.SuggestedFilename);
            var saved = Path.Combine(folder, download.SuggestedFilename);
            await download.SaveAsAsync(saved);
            // Opened from disk, the report asks for nothing but itself.
            var report = await page.Context.NewPageAsync();
            var requests = new List<string>();
            report.Request += (_, request) => requests.Add(request.Url);
            await report.GotoAsync(new Uri(saved).AbsoluteUri);
            await Assertions.Expect(report.Locator("h1")).ToHaveTextAsync("Stereotype report: job-advert.docx");
            var flagged = report.Locator("#flagged .sentence").Filter(new() { HasText = "Women are too emotional to lead a team." });
            await Assertions.Expect(flagged).ToHaveCountAsync(1);
            await Assertions.Expect(flagged).ToContainTextAsync("¶ 2 · Hiring");
            await Assertions.Expect(report.Locator("#rates svg.chart")).ToHaveCountAsync(2);
            Assert.All(requests, url => Assert.StartsWith("file:", url));
            await Screenshots.SaveAsync(report, "report-document");
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }
}
