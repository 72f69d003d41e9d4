using BiasApp.Core.Analysis;
using BiasApp.Core.Classification;
using BiasApp.Core.Documents;
using BiasApp.Core.Explanations;
using BiasApp.Core.Rules;
using BiasApp.Core.Tests.Analysis;
using BiasApp.Core.Tests.Classification;
using Microsoft.Extensions.Options;
using static BiasApp.Core.Tests.Documents.TestDocuments;

namespace BiasApp.Core.Tests.Documents;

// The shipped model over documents written with the same libraries that read them.
public sealed class DocumentAnalyzerTests(StereotypeClassifierTests.LoadedModel model) : IClassFixture<StereotypeClassifierTests.LoadedModel>
{
    private static readonly RuleDetector Rules = RuleDetector.CreateDefault();
    private static readonly DocumentExtractor Extractor = new(Options.Create(new DocumentsOptions()));

    private DocumentAnalyzer Analyzer()
    {
        var host = new ModelHost(model.Classifier, "unused", rulesEnabled: true);
        return new DocumentAnalyzer(Pipeline.Service(host, rules: Rules), Pipeline.Scorer(host, rules: Rules));
    }

    [Fact]
    public async Task EverySentenceOfAPdfIsFoundAtItsPageParagraphAndHeading()
    {
        var bytes = Pdf(
            [H("Recruitment"), P("Women are too emotional to lead a team. The office opens at nine."), P("We review every application.")],
            [P("Parking is free for all visitors to the site."), H("Culture"), P("Old people cannot learn new software. Lunch is at noon.")]);

        var result = await Analyzer().AnalyzeAsync(Extractor.Extract(bytes, "policy.pdf"), ExplanationMode.None);

        Assert.Equal(
            [("Recruitment", 1, 1, "Recruitment"),
             ("Women are too emotional to lead a team.", 1, 2, "Recruitment"), ("The office opens at nine.", 1, 2, "Recruitment"),
             ("We review every application.", 1, 3, "Recruitment"),
             ("Parking is free for all visitors to the site.", 2, 1, "Recruitment"),
             ("Culture", 2, 2, "Culture"),
             ("Old people cannot learn new software.", 2, 3, "Culture"), ("Lunch is at noon.", 2, 3, "Culture")],
            result.Sentences.Select(s => (s.Text, s.Location!.Page ?? 0, s.Location.Paragraph, s.Location.Heading)));
        Assert.Equal(new DocumentInfo("policy.pdf", "pdf", 2, 6, result.Document!.Characters), result.Document);
        Assert.Equal(Labels.Stereotype, result.Sentences.Single(s => s.Text.StartsWith("Women", StringComparison.Ordinal)).Label);
        Assert.Equal(Labels.NotStereotype, result.Sentences.Single(s => s.Text.StartsWith("Parking", StringComparison.Ordinal)).Label);
        Assert.Equal(result.Sentences.Count, result.Summary.SentenceCount);
    }

    [Fact]
    public async Task SentenceOffsetsPointIntoTheExtractedText()
    {
        var document = Extractor.Extract(Docx(H("Team"), P("Men are naturally better at maths. We meet on Mondays.")), "team.docx");

        var result = await Analyzer().AnalyzeAsync(document, ExplanationMode.None);

        Assert.All(result.Sentences, s => Assert.Equal(s.Text, document.Text.Substring(s.Start, s.Length)));
        Assert.Equal([(1, "Team"), (2, "Team"), (2, "Team")], result.Sentences.Select(s => (s.Location!.Paragraph, s.Location.Heading)));
        Assert.All(result.Sentences, s => Assert.Null(s.Location!.Page));
    }

    [Fact]
    public async Task LongDocumentsReportProgressInChunks()
    {
        var paragraphs = Enumerable.Range(1, 150).Select(i => P($"Paragraph {i} says that the library opens every weekday morning.")).ToArray();
        var document = Extractor.Extract(Utf8(string.Join("\n\n", paragraphs.Select(p => p.Text))), "long.txt");
        var reports = new List<AnalysisProgress>();

        var result = await Analyzer().AnalyzeAsync(document, ExplanationMode.None, new Inline(reports.Add));

        Assert.Equal(150, result.Sentences.Count);
        Assert.Equal([0, 64, 128, 150], reports.Select(r => r.Scored));
        Assert.All(reports, r => Assert.Equal(150, r.Total));
        Assert.Equal(150, result.Sentences[^1].Location!.Paragraph);
    }

    [Fact]
    public async Task SectionsSumUpTheSentencesUnderEachHeading()
    {
        var document = Extractor.Extract(Utf8("Intro text about the firm and its offices.\n\n# Hiring\n\nWomen are too emotional to lead a team. We hire all year round.\n\n# Pay\n\nSalaries are reviewed every April."), "a.md");

        var result = await Analyzer().AnalyzeAsync(document, ExplanationMode.None);
        var sections = DocumentSections.Of(result.Sentences);

        Assert.Equal([(null, 1, 0), ("Hiring", 3, 1), ("Pay", 2, 0)], sections.Select(s => (s.Heading, s.Sentences, s.Flagged)));
        Assert.True(sections[1].MaxProbability >= 0.5f);
    }

    private sealed class Inline(Action<AnalysisProgress> report) : IProgress<AnalysisProgress>
    {
        public void Report(AnalysisProgress value) => report(value);
    }
}
