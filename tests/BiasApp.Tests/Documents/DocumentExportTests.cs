using BiasApp.Analysis;
using BiasApp.Core.Analysis;
using BiasApp.Core.Classification;
using BiasApp.Core.Documents;
using BiasApp.Core.Explanations;

namespace BiasApp.Tests.Documents;

public sealed class DocumentExportTests
{
    private static DocumentAnalysis Result(DocumentInfo? document, params AnalyzedSentence[] sentences) =>
        new(sentences, new AnalysisSummary(sentences.Length, 1, 0.9f, 0.5, 1), new ModelInfo("m", "1"), AnalysisMode.Model, ExplanationMode.None)
        {
            Document = document,
        };

    [Fact]
    public void ADocumentsCsvEndsEachLineWithPageParagraphAndHeading()
    {
        var result = Result(new DocumentInfo("p.pdf", "pdf", 1, 2, 60),
            new AnalyzedSentence(0, 7, "Hiring.", Labels.TooShort, 0f) { Location = new SentenceLocation(1, 1, "Hiring") },
            new AnalyzedSentence(9, 39, "Women are too emotional to lead a team.", Labels.Stereotype, 0.9f) { Location = new SentenceLocation(1, 2, "Hiring") });

        var lines = AnalysisExport.ToCsv(result).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);

        Assert.EndsWith(",rules,kind,flagged,page,paragraph,heading", lines[0]);
        Assert.EndsWith(",1,2,Hiring", lines[2]);
        Assert.EndsWith("page\tparagraph\theading", AnalysisExport.ToTabSeparated(result).Split('\n')[0]);
    }

    [Fact]
    public void ADocxHasAnEmptyPageCellAndAPastedTextHasNoLocationColumns()
    {
        var docx = Result(new DocumentInfo("a.docx", "docx", null, 1, 30),
            new AnalyzedSentence(0, 30, "We hire people of every age.", Labels.NotStereotype, 0.1f) { Location = new SentenceLocation(null, 1, null) });
        var pasted = Result(null, new AnalyzedSentence(0, 30, "We hire people of every age.", Labels.NotStereotype, 0.1f));

        Assert.EndsWith(",,1,", AnalysisExport.ToCsv(docx).Split("\r\n")[1]);
        Assert.EndsWith(",kind,flagged", AnalysisExport.ToCsv(pasted).Split("\r\n")[0]);
    }
}
