using BiasApp.Analysis;
using BiasApp.Core.Classification;
using Microsoft.AspNetCore.Components.Forms;
using static BiasApp.Core.Tests.Documents.TestDocuments;

namespace BiasApp.Tests.Documents;

// The analysis page with the shipped model: a document dropped or picked on it is analysed like a paste, each sentence
// with its location, the summary grouped by section.
public sealed class DocumentUploadPageTests : IDisposable
{
    private static readonly TimeSpan Slow = TimeSpan.FromSeconds(30);
    private readonly StereotypeClassifier _classifier = StereotypeClassifier.Load(Path.Combine(AppContext.BaseDirectory, "models", "stereotype-minilm"));

    public void Dispose() => _classifier.Dispose();

    [Fact]
    public async Task AnUploadedDocxShowsEachSentenceWithItsLocationAndTheSectionsSummary()
    {
        await using var ctx = new BunitContext().AddMud().AddAnalysis(_classifier);
        var page = ctx.Render<AnalyzePage>();
        var docx = Docx(P("A note before any heading about the firm."), H("Hiring"), P("Women are too emotional to lead a team. We hire all year round."),
            H("Pay"), P("Salaries are reviewed every April."));

        page.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromBinary(docx, "advert.docx"));

        page.WaitForAssertion(() => Assert.Equal(6, page.FindAll(".sentence").Count), Slow);
        var locations = page.FindAll(".sentence-location").Select(e => e.TextContent.Trim()).ToArray();
        Assert.Equal(["¶ 1", "¶ 2 · Hiring", "¶ 3 · Hiring", "¶ 3 · Hiring", "¶ 4 · Pay", "¶ 5 · Pay"], locations);
        Assert.Equal("stereotype", page.FindAll(".sentence")[2].GetAttribute("data-label"));
        Assert.Contains("advert.docx", page.Find("#document-name").TextContent);
        Assert.Contains("5 paragraphs", page.Find("#document-figures").TextContent);
        var sections = page.FindAll(".document-section");
        Assert.Equal(3, sections.Count);
        Assert.Contains("(before the first heading)", sections[0].TextContent);
        Assert.Contains("Hiring", sections[1].TextContent);
        Assert.Equal("1", sections[1].GetAttribute("data-flagged"));
        Assert.Equal("0", sections[2].GetAttribute("data-flagged"));
        Assert.Empty(page.FindAll("#analysis-error"));
        // The text box is left as it was.
        Assert.Equal("", page.Find("textarea").GetAttribute("value") ?? "");
    }

    [Fact]
    public async Task APasswordProtectedPdfIsReportedOnThePageAndNothingIsShown()
    {
        await using var ctx = new BunitContext().AddMud().AddAnalysis(_classifier);
        var page = ctx.Render<AnalyzePage>();

        page.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromBinary(EncryptedPdf(), "secret.pdf"));

        page.WaitForAssertion(() => Assert.Contains("password-protected PDF", page.Find("#analysis-error").TextContent), Slow);
        Assert.Empty(page.FindAll(".sentence"));
        Assert.Empty(page.FindAll("#document-summary"));
    }

    [Fact]
    public async Task AnUnsupportedFileIsReportedOnThePage()
    {
        await using var ctx = new BunitContext().AddMud().AddAnalysis(_classifier);
        var page = ctx.Render<AnalyzePage>();

        page.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromBinary([1, 2, 3], "sheet.xlsx"));

        page.WaitForAssertion(() => Assert.Contains("not a supported document", page.Find("#analysis-error").TextContent), Slow);
    }

    [Fact]
    public async Task APastedTextShowsNoLocationsOrSections()
    {
        await using var ctx = new BunitContext().AddMud().AddAnalysis(_classifier);
        var page = ctx.Render<AnalyzePage>();

        page.Find("textarea").Input("Women are too emotional to lead a team.");
        page.Find("#analyze-button").Click();

        page.WaitForAssertion(() => Assert.Single(page.FindAll(".sentence")), Slow);
        Assert.Empty(page.FindAll(".sentence-location"));
        Assert.Empty(page.FindAll("#document-summary"));
    }
}
