using AngleSharp.Html.Parser;
using BiasApp.Analysis;
using BiasApp.Batches;
using BiasApp.Core.Batches;
using BiasApp.Core.Classification;
using BiasApp.Core.Tests.Reports;
using BiasApp.Data;
using Microsoft.JSInterop;

namespace BiasApp.Tests.Reports;

// The report buttons: on the analysis page they make the report and hand it to the browser's download; on a batch they
// link to the report endpoint.
public sealed class ReportButtonsTests : IDisposable
{
    private static readonly TimeSpan Slow = TimeSpan.FromSeconds(30);
    private readonly StereotypeClassifier _classifier = StereotypeClassifier.Load(Path.Combine(AppContext.BaseDirectory, "models", "stereotype-minilm"));

    public void Dispose() => _classifier.Dispose();

    [Fact]
    public async Task TheAnalysisPageDownloadsAnHtmlAndAPdfReportOfItsResult()
    {
        await using var ctx = new BunitContext().AddMud().AddAnalysis(_classifier);
        var module = ctx.JSInterop.SetupModule("./analysis.js");
        // The page closes the stream once the browser has it, so the file is read as it is handed over.
        var files = new List<(string Name, string ContentType, byte[] Content)>();
        module.SetupVoid("downloadStream", invocation =>
        {
            files.Add(Read(invocation));
            return true;
        }).SetVoidResult();
        var page = ctx.Render<AnalyzePage>();
        Assert.Empty(page.FindAll("#analysis-report-html"));

        page.Find("textarea").Input("Women are too emotional to lead a team. The office opens at nine.");
        page.Find("#analyze-button").Click();
        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll(".sentence").Count), Slow);
        page.Find("#analysis-report-html").Click();
        page.WaitForAssertion(() => Assert.Single(files), Slow);
        page.Find("#analysis-report-pdf").Click();
        page.WaitForAssertion(() => Assert.Equal(2, files.Count), Slow);

        var (htmlName, htmlType, html) = files[0];
        Assert.Matches(@"^report-analysis-\d{8}-\d{6}\.html$", htmlName);
        Assert.Equal("text/html; charset=utf-8", htmlType);
        var dom = new HtmlParser().ParseDocument(System.Text.Encoding.UTF8.GetString(html));
        Assert.Contains("Women are too emotional to lead a team.", dom.GetElementById("flagged")!.TextContent);
        Assert.DoesNotContain("The office opens at nine.", dom.GetElementById("flagged")!.TextContent);
        var (pdfName, pdfType, pdf) = files[1];
        Assert.EndsWith(".pdf", pdfName);
        Assert.Equal("application/pdf", pdfType);
        Assert.Contains(ReportChecks.Squeeze("Women are too emotional to lead a team."), ReportChecks.PdfText(pdf));
    }

    [Fact]
    public async Task AFinishedBatchLinksToItsHtmlAndPdfReports()
    {
        await using var ctx = new BunitContext().AddMud();
        var id = Guid.NewGuid();
        var status = new BatchStatusView(id, "llm.csv", BatchStatus.Done, 2, 2, 1, 0, null, DateTime.UtcNow, DateTime.UtcNow, DateTime.UtcNow,
            "stereotype-minilm@3.0.0", 0.5, null, 0, [], []);
        var summary = BatchStatistics.Summarize([("gender", true), ("age", false)]);

        var panel = ctx.Render<BatchSummaryPanel>(p => p.Add(c => c.Summary, summary).Add(c => c.Status, status).Add(c => c.Top, []));

        Assert.Equal($"/api/v1/batches/{id}/report?format=html", panel.Find("#batch-report-html").GetAttribute("href"));
        Assert.Equal($"/api/v1/batches/{id}/report?format=pdf", panel.Find("#batch-report-pdf").GetAttribute("href"));
    }

    private static (string Name, string ContentType, byte[] Content) Read(Bunit.JSRuntimeInvocation invocation)
    {
        var reference = Assert.IsType<DotNetStreamReference>(invocation.Arguments[2]);
        using var buffer = new MemoryStream();
        reference.Stream.CopyTo(buffer);
        return ((string)invocation.Arguments[0]!, (string)invocation.Arguments[1]!, buffer.ToArray());
    }
}
