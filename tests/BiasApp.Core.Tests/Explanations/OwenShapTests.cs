using BiasApp.Core.Explanations;

namespace BiasApp.Core.Tests.Explanations;

public sealed class OwenShapTests
{
    [Theory]
    [InlineData(12, 40)]
    [InlineData(20, 100)]
    [InlineData(20, 1000)]
    public void OwenValuesSumToFullMinusBaselineAtAnyBudget(int words, int budget)
    {
        var scorer = new SyntheticScorer(words, SyntheticScorer.NonLinear);
        var result = new ShapExplainer(scorer, estimator: new OwenShapEstimator()).Explain(scorer.Sentence(), budget, seed: 1);

        Assert.False(result.Exact);
        Assert.Equal(result.FullScore - result.BaseScore, result.Words.Sum(w => w.Value), 1e-6);
        Assert.InRange(scorer.Sequences, 1, budget);
        Assert.Equal(scorer.Sequences, result.Evaluations);
    }

    [Fact]
    public void OwenValuesAreTheSameWhateverTheSeed()
    {
        var scorer = new SyntheticScorer(14, SyntheticScorer.NonLinear);
        var explainer = new ShapExplainer(scorer, estimator: new OwenShapEstimator());
        var a = explainer.Explain(scorer.Sentence(), 96, seed: 1).Words.Select(w => w.Value).ToArray();
        var b = explainer.Explain(scorer.Sentence(), 96, seed: 2).Words.Select(w => w.Value).ToArray();

        Assert.Equal(a, b);
    }

    [Fact]
    public void OwenValuesOfAnAdditiveScoreAreItsWeights()
    {
        // Without interactions every hierarchy gives each word its own effect, as the Shapley value does.
        double[] weights = [0.3, -0.1, 0.05, 0.2, 0, -0.25, 0.15, 0.1, -0.05, 0.02, 0.4];
        double Additive(bool[] z) => 0.1 + weights.Select((w, i) => z[i] ? w : 0).Sum();
        var scorer = new SyntheticScorer(weights.Length, Additive);
        var result = new ShapExplainer(scorer, estimator: new OwenShapEstimator()).Explain(scorer.Sentence(), 1000, seed: 1);

        for (var i = 0; i < weights.Length; i++) Assert.Equal(weights[i], result.Words[i].Value, 1e-5);
        Assert.All(result.Words, w => Assert.Null(w.Error));
    }

    [Fact]
    public void OwenValuesFullyExpandedAreCloseToShapleyOfNonLinearFunction()
    {
        var scorer = new SyntheticScorer(9, SyntheticScorer.NonLinear);
        var result = new ShapExplainer(scorer, estimator: new OwenShapEstimator()).Explain(scorer.Sentence(), 500, seed: 1);

        // Owen values differ from Shapley values only in how interactions between far-apart words are shared.
        var expected = SyntheticScorer.BruteForceShapley(9, SyntheticScorer.NonLinear);
        for (var i = 0; i < 9; i++) Assert.Equal(expected[i], result.Words[i].Value, 0.1);
        Assert.All(result.Words, w => Assert.Null(w.Error));
    }

    [Fact]
    public void WordsLeftInAnUnexpandedGroupShareItsValueAndCarryItAsError()
    {
        var scorer = new SyntheticScorer(20, SyntheticScorer.NonLinear);
        var result = new ShapExplainer(scorer, estimator: new OwenShapEstimator()).Explain(scorer.Sentence(), 22, seed: 1);

        Assert.Contains(result.Words, w => w.Error is > 0);
        Assert.Equal(result.FullScore - result.BaseScore, result.Words.Sum(w => w.Value), 1e-6);
    }

    [Fact]
    public void CancellingAfterTheFirstRoundStopsOwenBeforeTheNextScorerCall()
    {
        using var cts = new CancellationTokenSource();
        var scorer = new SyntheticScorer(12, SyntheticScorer.NonLinear) { AfterCall = cts.Cancel };
        var explainer = new ShapExplainer(scorer, batchSize: 4, estimator: new OwenShapEstimator());

        Assert.ThrowsAny<OperationCanceledException>(() =>
            explainer.Explain(scorer.Sentence(), 96, seed: 1, cts.Token, new SentenceScores(0.9f, 0.1f)));
        Assert.Equal(1, scorer.Calls);
    }

    [Theory]
    [InlineData(new[] { "a", "b", "c", "d" }, 2)]
    [InlineData(new[] { "a", "b", "c", "d", "e" }, 3)]
    [InlineData(new[] { "Old", "people,", "in", "my", "view,", "are", "slow", "and", "bad." }, 5)]
    [InlineData(new[] { "They", "are", "lazy,", "and", "they", "steal", "all", "day." }, 3)]
    public void HierarchySplitsRunsInTheMiddleOrAtANearbyClauseEnd(string[] words, int split)
    {
        Assert.Equal(split, WordHierarchy.Split(words, 0, words.Length));
        var nodes = WordHierarchy.Build(words).Nodes;
        Assert.Equal(2 * words.Length - 1, nodes.Count);
        Assert.Equal((0, words.Length), (nodes[0].Start, nodes[0].End));
    }
}
