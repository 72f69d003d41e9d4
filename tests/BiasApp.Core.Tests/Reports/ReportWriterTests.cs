using AngleSharp.Html.Parser;
using BiasApp.Core.Analysis;
using BiasApp.Core.Batches;
using BiasApp.Core.Classification;
using BiasApp.Core.Documents;
using BiasApp.Core.Explanations;
using BiasApp.Core.Reports;
using BiasApp.Core.Rules;
using BiasApp.Core.Tests.Analysis;
using BiasApp.Core.Tests.Classification;
using Microsoft.Extensions.Options;

using static BiasApp.Core.Tests.Documents.TestDocuments;

namespace BiasApp.Core.Tests.Reports;

// Reports of real analyses (the shipped model, SHAP and LIME), written as HTML and PDF and read back.
public sealed class ReportWriterTests(StereotypeClassifierTests.LoadedModel model) : IClassFixture<StereotypeClassifierTests.LoadedModel>
{
    private static readonly DateTimeOffset Now = new(2026, 12, 8, 10, 15, 0, TimeSpan.Zero);
    private static readonly PdfReportFonts DejaVu = PdfReportFonts.Load(
        "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf", out _);

    private async Task<DocumentAnalysis> AnalyseDocxAsync()
    {
        var host = new ModelHost(model.Classifier, "unused", rulesEnabled: true);
        var explainer = new ModelSentenceExplainer(host, Options.Create(new ExplanationOptions()));
        var rules = RuleDetector.CreateDefault();
        var analyzer = new DocumentAnalyzer(Pipeline.Service(host, explainer: explainer, rules: rules), Pipeline.Scorer(host, explainer, rules: rules));
        var document = new DocumentExtractor(Options.Create(new DocumentsOptions())).Extract(
            Docx(H("Hiring"), P("Women are too emotional to lead a team. The office opens at nine."), H("Pay <&> \"rates\""), P("Old people cannot learn new software. Salaries are reviewed in April.")),
            "policy <1>.docx");
        return await analyzer.AnalyzeAsync(document, ExplanationMode.Both);
    }

    private ReportMethod Method(DocumentAnalysis analysis) =>
        new(analysis.Model, "model", analysis.Summary.Threshold, Now, new ExplanationOptions(), model.Classifier.Card) { Explanations = "SHAP and LIME, with the analysis" };

    [Fact]
    public async Task TheHtmlReportOfADocumentFetchesNothingAndHoldsTheSummaryRatesAndFlaggedSentences()
    {
        var analysis = await AnalyseDocxAsync();
        var report = ReportBuilder.ForAnalysis(analysis, Method(analysis), Now, maxFlagged: 200);

        var html = HtmlReportWriter.WriteString(report);
        var dom = new HtmlParser().ParseDocument(html);

        Assert.Empty(ReportChecks.ExternalReferences(dom));
        Assert.Empty(dom.QuerySelectorAll("script, link, img, iframe, object, embed, base"));
        Assert.Contains("default-src 'none'", dom.QuerySelector("meta[http-equiv='Content-Security-Policy']")!.GetAttribute("content"));
        var summary = dom.GetElementById("summary")!.TextContent;
        Assert.Contains("policy <1>.docx", summary);
        Assert.Contains("Flagged", summary);
        var rates = dom.GetElementById("rates")!;
        Assert.Equal(2, rates.QuerySelectorAll("svg.chart").Length);
        Assert.Contains(rates.QuerySelectorAll("svg.chart text"), t => t.TextContent == "Stereotype");
        Assert.Contains("Pay <&> \"rates\"", dom.GetElementById("sections-table")!.TextContent);
        var flagged = dom.QuerySelectorAll("#flagged .sentence").Select(s => s.TextContent).ToList();
        Assert.Contains(flagged, s => s.Contains("Women are too emotional to lead a team.", StringComparison.Ordinal) && s.Contains("¶ 2 · Hiring", StringComparison.Ordinal));
        Assert.Contains(flagged, s => s.Contains("Old people cannot learn new software.", StringComparison.Ordinal));
        Assert.DoesNotContain(flagged, s => s.Contains("The office opens at nine.", StringComparison.Ordinal));
        // SHAP and LIME heatmaps, each word tinted and titled with its value.
        Assert.NotEmpty(dom.QuerySelectorAll("#flagged .heatmap .word[style^='background:#']"));
        Assert.Equal(2 * flagged.Count, dom.QuerySelectorAll("#flagged .heatmap").Length);
        var method = dom.GetElementById("method")!.TextContent;
        Assert.Contains($"stereotype-minilm {model.Classifier.Card.Version}", method);
        Assert.Contains("EMGSD benchmark", method);
        Assert.Contains("2026-12-08 10:15 UTC", method);
        Assert.NotNull(dom.GetElementById("how-to-read"));
    }

    [Fact]
    public async Task ThePdfReportOfADocumentHasItsSummaryAndFlaggedSentencesAsText()
    {
        var analysis = await AnalyseDocxAsync();
        var report = ReportBuilder.ForAnalysis(analysis, Method(analysis), Now, maxFlagged: 200);

        Assert.False(DejaVu.Fallback, "DejaVu Sans is missing: apt-get install fonts-dejavu-core (.ci/run does).");
        var text = ReportChecks.PdfText(PdfReportWriter.Write(report, DejaVu));

        Assert.Contains(ReportChecks.Squeeze("Stereotype report: policy <1>.docx"), text);
        Assert.Contains(ReportChecks.Squeeze($"{analysis.Summary.FlaggedCount} of {analysis.Sentences.Count(s => !s.IsTooShort)} scored sentences are flagged"), text);
        Assert.Contains(ReportChecks.Squeeze("Women are too emotional to lead a team."), text);
        Assert.Contains(ReportChecks.Squeeze("Old people cannot learn new software."), text);
        Assert.Contains(ReportChecks.Squeeze("¶ 2 · Hiring · Stereotype"), text);
        Assert.Contains(ReportChecks.Squeeze("How to read this"), text);
        Assert.Contains(ReportChecks.Squeeze("EMGSD benchmark"), text);
    }

    [Fact]
    public void TheBuiltInFontWritesAccentsPlainAndSaysWhatItCouldNotShow()
    {
        var analysis = new DocumentAnalysis(
            [new AnalyzedSentence(0, 40, "Les élèves – “naïfs” – 中文 are lazy.", Labels.Stereotype, 0.9f) { Kind = Kinds.Stereotype }],
            new AnalysisSummary(1, 1, 0.9f, 0.5, 1) { Kinds = new KindCounts(1, 0, 0, 0) }, new ModelInfo("stereotype-minilm", "3.0.0"), AnalysisMode.Model, ExplanationMode.None);
        var report = ReportBuilder.ForAnalysis(analysis, new ReportMethod(analysis.Model, "model", 0.5, Now, new ExplanationOptions(), null), Now, 200);

        var text = ReportChecks.PdfText(PdfReportWriter.Write(report, PdfReportFonts.Standard));

        Assert.Contains(ReportChecks.Squeeze("Les eleves - \"naifs\" - ?? are lazy."), text);
        Assert.Contains(ReportChecks.Squeeze("2 characters that the PDF's font cannot show are written as \"?\""), text);
    }

    [Fact]
    public void ABatchReportDrawsIntervalsMarksZeroAndCarriesTheComparison()
    {
        var rows = new List<(string? Group, string? Compare, bool Flagged)>();
        for (var i = 0; i < 40; i++) rows.Add(("gender", i % 2 == 0 ? "A" : "B", i % 2 == 0 && i % 4 == 0));
        for (var i = 0; i < 20; i++) rows.Add(("age", i % 2 == 0 ? "A" : "B", false));
        var summary = BatchStatistics.Summarize(rows, "llm") with
        {
            Kinds = BatchStatistics.KindRates([.. rows.Select(r => (r.Group, (IReadOnlyCollection<string>)(r.Flagged ? [Kinds.Stereotype] : [Kinds.None])))]),
        };
        var flagged = new FlaggedSentence("All engineers are men.", "row 7 · gender · A", Kinds.Stereotype, 0.93f, false, null);
        var input = new BatchReportInput("llm <outputs>.csv", 2, summary, [flagged], 10);
        var method = new ReportMethod(new ModelInfo("stereotype-minilm", "3.0.0"), "model", 0.5, Now, new ExplanationOptions(), model.Classifier.Card);

        var report = BatchReportBuilder.Build(input, method, Now);
        var dom = new HtmlParser().ParseDocument(HtmlReportWriter.WriteString(report));
        var pdf = ReportChecks.PdfText(PdfReportWriter.Write(report, DejaVu));

        Assert.Empty(ReportChecks.ExternalReferences(dom));
        var groupChart = dom.QuerySelectorAll("#rates svg.chart")[0];
        // Two groups: gender has a bar, age (0%) a marker on the axis; both have whiskers.
        Assert.Single(groupChart.QuerySelectorAll("rect.bar"));
        Assert.Single(groupChart.QuerySelectorAll("circle.zero"));
        Assert.Equal(6, groupChart.QuerySelectorAll("line.whisker").Length);
        Assert.Contains("llm <outputs>.csv", dom.GetElementById("summary")!.TextContent);
        Assert.Contains("Chi-square test of independence of llm and flagged", dom.GetElementById("compare")!.TextContent);
        Assert.NotNull(dom.GetElementById("compare-table"));
        Assert.NotEmpty(dom.QuerySelectorAll("#compare-matrix td[style]"));
        Assert.Contains("All engineers are men.", dom.GetElementById("flagged")!.TextContent);
        Assert.Contains(ReportChecks.Squeeze("Stereotype rate: 16.7% (95% CI 9.3%–28.0%)"), pdf);
        Assert.Contains(ReportChecks.Squeeze("All engineers are men."), pdf);
        Assert.Contains(ReportChecks.Squeeze("Compared by llm"), pdf);
    }
}
