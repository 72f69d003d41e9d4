using BiasApp.Analysis;
using BiasApp.Core.Analysis;
using BiasApp.Core.Explanations;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace BiasApp.Tests.Explanations;

public sealed class ExplainedAnalyzePageTests
{
    // The page re-renders from background work; on a loaded 2-core machine that can take longer than the default second.
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task AnExplainedSentenceOpensItsHeatmap()
    {
        await using var ctx = new BunitContext().AddMud().AddAnalysis(new FakeClassifier());
        ctx.Services.AddSingleton<ISentenceExplainer>(new FakeExplainer());
        var page = ctx.Render<AnalyzePage>();

        var select = page.FindComponent<MudSelect<ExplanationMode>>();
        await page.InvokeAsync(() => select.Instance.ValueChanged.InvokeAsync(ExplanationMode.Both));
        page.Find("textarea").Input("Dogs bark at night. All cats are lazy.");
        page.Find("#analyze-button").Click();

        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll(".sentence-explain").Count));
        Assert.Empty(page.FindAll(".token-heatmap"));

        // Explanations arrive in the background and re-render the page: find and click in one step.
        await page.InvokeAsync(() => page.FindAll(".sentence-explain")[1].Click());

        // The page re-renders after the click; under load that can lag the click's return.
        var heatmap = page.WaitForElement(".token-heatmap");
        Assert.Equal("true", page.FindAll(".sentence-explain")[1].GetAttribute("aria-expanded"));
        Assert.Equal("All cats are lazy.", heatmap.QuerySelector(".heatmap-text")!.TextContent);
        Assert.Equal(["All", "cats", "are", "lazy."], heatmap.QuerySelectorAll(".heatmap-word").Select(w => w.TextContent));
        Assert.NotNull(heatmap.QuerySelector(".heatmap-agreement"));

        await page.InvokeAsync(() => page.FindAll(".sentence-explain")[1].Click());
        page.WaitForAssertion(() => Assert.Empty(page.FindAll(".token-heatmap")));
    }

    [Fact]
    public async Task WithoutAnExplainerSentencesHaveNoHeatmapButton()
    {
        await using var ctx = new BunitContext().AddMud().AddAnalysis(new FakeClassifier());
        var page = ctx.Render<AnalyzePage>();

        page.Find("textarea").Input("All cats are lazy.");
        page.Find("#analyze-button").Click();

        page.WaitForAssertion(() => Assert.Single(page.FindAll(".sentence")));
        Assert.Empty(page.FindAll(".sentence-explain"));
    }

    [Fact]
    public async Task ScoresComeFirstAndEverySentenceIsExplainedAfterwardsOneAtATime()
    {
        var explainer = new CountingExplainer();
        await using var ctx = new BunitContext().AddMud().AddAnalysis(new FakeClassifier());
        ctx.Services.AddSingleton<ISentenceExplainer>(explainer);
        var page = ctx.Render<AnalyzePage>();

        var select = page.FindComponent<MudSelect<ExplanationMode>>();
        await page.InvokeAsync(() => select.Instance.ValueChanged.InvokeAsync(ExplanationMode.Both));
        page.Find("textarea").Input("Dogs bark at night. All cats are lazy. Birds sing at dawn.");
        page.Find("#analyze-button").Click();

        page.WaitForAssertion(() => Assert.Equal(3, explainer.Sentences), Patience);
        Assert.Equal(3, explainer.Calls); // one sentence per call, not the whole text before the first score
        page.WaitForAssertion(() => Assert.Empty(page.FindAll("#analysis-progress")), Patience);
        await page.InvokeAsync(() => page.FindAll(".sentence-explain")[2].Click());
        Assert.Equal("Birds sing at dawn.", page.WaitForElement(".token-heatmap", Patience).QuerySelector(".heatmap-text")!.TextContent);
    }

    [Fact]
    public async Task OpeningWhyOnASentenceExplainsItNext()
    {
        var explainer = new CountingExplainer { Held = true };
        await using var ctx = new BunitContext().AddMud().AddAnalysis(new FakeClassifier());
        ctx.Services.AddSingleton<ISentenceExplainer>(explainer);
        var page = ctx.Render<AnalyzePage>();

        var select = page.FindComponent<MudSelect<ExplanationMode>>();
        await page.InvokeAsync(() => select.Instance.ValueChanged.InvokeAsync(ExplanationMode.Shap));
        page.Find("textarea").Input("Dogs bark at night. Cows eat grass all day. All cats are lazy.");
        page.Find("#analyze-button").Click();

        page.WaitForAssertion(() => Assert.Equal(3, page.FindAll(".sentence-explain").Count), Patience);
        page.WaitForAssertion(() => Assert.Contains("Explained 0 of 3", page.Find("#analysis-progress-text").TextContent), Patience);
        // The call itself renders nothing, so wait on the explainer, not on a render.
        Assert.True(SpinWait.SpinUntil(() => explainer.Calls == 1, Patience), "the explainer was never called");
        await page.InvokeAsync(() => page.FindAll(".sentence-explain")[2].Click());
        Assert.NotEmpty(page.FindAll(".sentence-explaining"));
        explainer.Release();

        page.WaitForAssertion(() => Assert.Equal(3, explainer.Sentences), Patience);
        Assert.Equal("Dogs bark at night.", explainer.Order[0]); // the one already running when Why? opened
        Assert.Equal("All cats are lazy.", explainer.Order[1]);
        Assert.Equal("All cats are lazy.", page.WaitForElement(".token-heatmap", Patience).QuerySelector(".heatmap-text")!.TextContent);
    }

    [Fact]
    public async Task CancelStopsTheExplanationsAndSaysHowFarTheyGot()
    {
        var explainer = new CountingExplainer { Held = true };
        await using var ctx = new BunitContext().AddMud().AddAnalysis(new FakeClassifier());
        ctx.Services.AddSingleton<ISentenceExplainer>(explainer);
        var page = ctx.Render<AnalyzePage>();

        var select = page.FindComponent<MudSelect<ExplanationMode>>();
        await page.InvokeAsync(() => select.Instance.ValueChanged.InvokeAsync(ExplanationMode.Lime));
        page.Find("textarea").Input("Dogs bark at night. All cats are lazy.");
        page.Find("#analyze-button").Click();

        page.WaitForAssertion(() => Assert.Contains("Explained 0 of 2", page.Find("#analysis-progress-text").TextContent), Patience);
        // The call itself renders nothing, so wait on the explainer, not on a render.
        Assert.True(SpinWait.SpinUntil(() => explainer.Calls == 1, Patience), "the explainer was never called");
        await page.InvokeAsync(() => page.Find("#analysis-cancel").Click());

        page.WaitForAssertion(() => Assert.Contains("stopped after 0 of 2", page.Find("#analysis-explain-stopped").TextContent), Patience);
        Assert.True(explainer.Cancelled, "the explainer's work was not cancelled");
        Assert.Empty(page.FindAll("#analysis-cancel"));
        Assert.Equal(2, page.FindAll(".sentence").Count); // the scores stand
    }

    /// <summary>Counts calls and sentences; when held, each call waits for <see cref="Release"/> or its cancellation.</summary>
    private sealed class CountingExplainer : ISentenceExplainer
    {
        private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _calls;
        private int _sentences;

        public bool Held { get; init; }
        public bool Cancelled { get; private set; }
        public int Calls => Volatile.Read(ref _calls);
        public int Sentences => Volatile.Read(ref _sentences);
        public System.Collections.Concurrent.ConcurrentQueue<string> Queue { get; } = new();
        public string[] Order => Queue.ToArray();

        public void Release() => _release.TrySetResult();

        public string? UnavailableReason(ExplanationMode mode) => null;

        public async Task<IReadOnlyList<SentenceExplanation?>> ExplainAsync(IReadOnlyList<BiasApp.Core.Segmentation.SentenceSpan> sentences, ExplanationMode mode, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _calls);
            if (Held)
            {
                try
                {
                    await _release.Task.WaitAsync(cancellationToken);
                }
                catch (OperationCanceledException)
                {
                    Cancelled = true;
                    throw;
                }
            }
            foreach (var s in sentences) Queue.Enqueue(s.Text);
            Interlocked.Add(ref _sentences, sentences.Count);
            return sentences.Select(s => (SentenceExplanation?)FakeExplainer.Explain(s.Text, mode).ShiftedBy(s.Start)).ToArray();
        }
    }
}
