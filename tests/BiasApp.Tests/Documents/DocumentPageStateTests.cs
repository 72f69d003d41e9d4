using BiasApp.Analysis;
using BiasApp.Core.Analysis;
using BiasApp.Core.Classification;
using BiasApp.Core.Documents;
using BiasApp.Core.Explanations;

namespace BiasApp.Tests.Documents;

public sealed class DocumentPageStateTests
{
    private static DocumentAnalysis Result() =>
        new([new AnalyzedSentence(0, 28, "We hire people of every age.", Labels.NotStereotype, 0.1f) { Location = new SentenceLocation(1, 1, null) }],
            new AnalysisSummary(1, 0, 0.1f, 0.5, 1), new ModelInfo("m", "1"), AnalysisMode.Model, ExplanationMode.None)
        {
            Document = new DocumentInfo("a.pdf", "pdf", 1, 1, 28),
        };

    [Fact]
    public async Task ADocumentRunKeepsTheTextBoxAndTakesTheExtractedTextAsTheAnalysedText()
    {
        var state = new AnalyzePageState(100) { Text = "typed, not analysed" };

        await state.RunDocumentAsync((_, _) => Task.FromResult((Result(), "We hire people of every age.")));

        Assert.Equal("typed, not analysed", state.Text);
        Assert.Equal("We hire people of every age.", state.AnalyzedText);
        Assert.Equal("a.pdf", state.Result!.Document!.Name);
        Assert.Null(state.Error);
    }

    [Fact]
    public async Task ADocumentThatCannotBeReadEndsUpAsTheErrorWithItsReason()
    {
        var state = new AnalyzePageState(100);

        await state.RunDocumentAsync((_, _) => throw new DocumentExtractionException(DocumentProblem.Encrypted, "'s.pdf' is a password-protected PDF."));

        Assert.Equal("'s.pdf' is a password-protected PDF.", state.Error);
        Assert.Null(state.Result);
        Assert.Null(state.AnalyzedText);
        Assert.Null(state.UnexpectedFailure);
        Assert.False(state.IsRunning);
    }

    [Fact]
    public async Task ALongDocumentOpensOnTheFlaggedSentencesAndAShortOneOnAll()
    {
        var sentences = Enumerable.Range(0, AnalyzePageState.LongDocumentSentences + 1)
            .Select(i => new AnalyzedSentence(i * 30, 28, "We hire people of every age.", i == 7 ? Labels.Stereotype : Labels.NotStereotype, i == 7 ? 0.9f : 0.1f))
            .ToList();
        var state = new AnalyzePageState(100);

        await state.RunDocumentAsync((_, _) => Task.FromResult((Result(), "short")));
        Assert.False(state.FlaggedOnly);
        await state.RunDocumentAsync((_, _) => Task.FromResult((Result() with { Sentences = sentences }, "long")));

        Assert.True(state.FlaggedOnly);
        Assert.Equal(7 * 30, Assert.Single(state.VisibleSentences).Start);
    }

    [Fact]
    public async Task ADocumentRunWorksWithAnEmptyTextBox()
    {
        var state = new AnalyzePageState(100);
        Assert.False(state.CanAnalyze);

        await state.RunDocumentAsync((_, _) => Task.FromResult((Result(), "We hire people of every age.")));

        Assert.NotNull(state.Result);
    }
}
