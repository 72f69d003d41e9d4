using BiasApp.Analysis;
using BiasApp.Core.Analysis;
using BiasApp.Core.Classification;
using BiasApp.Core.Explanations;

namespace BiasApp.Tests.Analysis;

public sealed class AnalyzePageStateTests
{
    private static readonly DocumentAnalysis Empty = new([], new AnalysisSummary(0, 0, 0, 0.5, 0), new ModelInfo("m", "1"), AnalysisMode.Model, ExplanationMode.None);

    [Theory]
    [InlineData("", false)]
    [InlineData("   ", false)]
    [InlineData("Some text.", true)]
    [InlineData("12345678901", false)]
    public void CanAnalyzeOnlyNonBlankTextWithinTheLimit(string text, bool expected) =>
        Assert.Equal(expected, new AnalyzePageState(10) { Text = text }.CanAnalyze);

    [Fact]
    public async Task FlaggedOnlyKeepsStereotypesAndReviewSentencesAndSortingOrdersByScore()
    {
        var state = new AnalyzePageState(100) { Text = "x" };
        DocumentAnalysis result = new(
            [
                new AnalyzedSentence(0, 1, "a", Labels.NotStereotype, 0.2f),
                new AnalyzedSentence(2, 1, "b", Labels.Stereotype, 0.7f),
                new AnalyzedSentence(4, 1, "c", Labels.NotStereotype, 0.1f) { Review = true },
                new AnalyzedSentence(6, 1, "d", Labels.Stereotype, 0.95f),
            ],
            new AnalysisSummary(4, 2, 0.95f, 0.5, 0), new ModelInfo("m", "1"), AnalysisMode.Model, ExplanationMode.None);
        await state.RunAsync((_, _) => Task.FromResult(result));

        Assert.Equal("abcd", string.Concat(state.VisibleSentences.Select(s => s.Text)));
        state.FlaggedOnly = true;
        Assert.Equal("bcd", string.Concat(state.VisibleSentences.Select(s => s.Text)));
        state.SortByScore = true;
        Assert.Equal("dbc", string.Concat(state.VisibleSentences.Select(s => s.Text)));
        Assert.Equal("x", state.AnalyzedText);
    }

    [Fact]
    public void SaysWhyTheButtonIsDisabled()
    {
        var state = new AnalyzePageState(5);
        Assert.Equal("Enter or paste a text to analyze.", state.DisabledReason);
        state.Text = "123456";
        Assert.Contains("over the 5-character limit", state.DisabledReason);
        state.Text = "12345";
        Assert.Null(state.DisabledReason);
    }

    [Fact]
    public async Task RunningBlocksASecondRunAndClearsTheOldResult()
    {
        var state = new AnalyzePageState(100) { Text = "Some text." };
        var release = new TaskCompletionSource<DocumentAnalysis>();
        var calls = 0;
        var first = state.RunAsync((_, _) => { calls++; return release.Task; });

        Assert.True(state.IsRunning);
        Assert.False(state.CanAnalyze);
        await state.RunAsync((_, _) => { calls++; return Task.FromResult(Empty); });
        Assert.Equal(1, calls);

        release.SetResult(Empty);
        await first;
        Assert.False(state.IsRunning);
        Assert.Same(Empty, state.Result);
    }

    [Fact]
    public async Task InputAndAvailabilityErrorsAreShownAsTheirMessage()
    {
        var state = new AnalyzePageState(100) { Text = "Some text." };
        await state.RunAsync((_, _) => throw new AnalysisUnavailableException("Model is off."));
        Assert.Equal("Model is off.", state.Error);
        Assert.Null(state.UnexpectedFailure);
        Assert.Null(state.Result);
    }

    [Fact]
    public async Task UnexpectedErrorsAreKeptForLoggingAndShownGenerically()
    {
        var state = new AnalyzePageState(100) { Text = "Some text." };
        var boom = new InvalidOperationException("secret detail");
        await state.RunAsync((_, _) => throw boom);
        Assert.Equal(AnalyzePageState.UnexpectedErrorMessage, state.Error);
        Assert.Same(boom, state.UnexpectedFailure);
        Assert.False(state.IsRunning);
    }

    [Fact]
    public async Task ASuccessfulRunClearsThePreviousError()
    {
        var state = new AnalyzePageState(100) { Text = "Some text." };
        await state.RunAsync((_, _) => throw new ArgumentException("bad"));
        await state.RunAsync((_, _) => Task.FromResult(Empty));
        Assert.Null(state.Error);
        Assert.Same(Empty, state.Result);
    }
}
