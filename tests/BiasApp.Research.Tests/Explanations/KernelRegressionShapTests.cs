using BiasApp.Core.Explanations;
using BiasApp.Core.Tests.Explanations;
using BiasApp.Research.Explanations;

namespace BiasApp.Research.Tests.Explanations;

public sealed class KernelRegressionShapTests
{
    [Theory]
    [InlineData(9, 60)]
    [InlineData(20, 100)]
    [InlineData(20, 256)]
    public void RegressionShapSumsToFullMinusBaselineWithinBudget(int words, int budget)
    {
        var scorer = new SyntheticScorer(words, SyntheticScorer.NonLinear);
        var result = new ShapExplainer(scorer, estimator: new KernelRegressionShapEstimator()).Explain(scorer.Sentence(), budget, seed: 4);

        Assert.False(result.Exact);
        Assert.Equal(result.FullScore - result.BaseScore, result.Words.Sum(w => w.Value), 1e-6);
        Assert.InRange(scorer.Sequences, 2 * words + 2, budget);
        Assert.Equal(scorer.Sequences, result.Evaluations);
        Assert.All(result.Words, w => Assert.NotNull(w.Error));
    }

    [Fact]
    public void RegressionShapLiesWithinItsErrorOfBruteForceShapley()
    {
        var scorer = new SyntheticScorer(9, SyntheticScorer.NonLinear);
        var result = new ShapExplainer(scorer, estimator: new KernelRegressionShapEstimator()).Explain(scorer.Sentence(), 300, seed: 2);

        var expected = SyntheticScorer.BruteForceShapley(9, SyntheticScorer.NonLinear);
        for (var i = 0; i < 9; i++) Assert.InRange(Math.Abs(expected[i] - result.Words[i].Value), 0, 4 * result.Words[i].Error!.Value + 0.01);
    }

    [Fact]
    public void RegressionShapOfAnAdditiveScoreIsExactAtAnyBudget()
    {
        double[] weights = [0.3, -0.1, 0.05, 0.2, 0, -0.25, 0.15, 0.1, -0.05, 0.02, 0.4, -0.3];
        double Additive(bool[] z) => 0.1 + weights.Select((w, i) => z[i] ? w : 0).Sum();
        var scorer = new SyntheticScorer(weights.Length, Additive);
        var result = new ShapExplainer(scorer, estimator: new KernelRegressionShapEstimator()).Explain(scorer.Sentence(), 40, seed: 1);

        for (var i = 0; i < weights.Length; i++) Assert.Equal(weights[i], result.Words[i].Value, 1e-5);
    }

    [Fact]
    public void SameSeedGivesSameRegressionValuesAndAnotherSeedOthers()
    {
        var scorer = new SyntheticScorer(14, SyntheticScorer.NonLinear);
        var explainer = new ShapExplainer(scorer, estimator: new KernelRegressionShapEstimator());
        var a = explainer.Explain(scorer.Sentence(), 96, seed: 5).Words.Select(w => w.Value).ToArray();
        var b = explainer.Explain(scorer.Sentence(), 96, seed: 5).Words.Select(w => w.Value).ToArray();
        var c = explainer.Explain(scorer.Sentence(), 96, seed: 6).Words.Select(w => w.Value).ToArray();

        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
    }

    [Fact]
    public void BelowTwoCoalitionsPerWordRegressionFallsBackToPermutations()
    {
        var scorer = new SyntheticScorer(20, SyntheticScorer.NonLinear);
        var result = new ShapExplainer(scorer, estimator: new KernelRegressionShapEstimator()).Explain(scorer.Sentence(), 40, seed: 1);

        Assert.Equal(2 + 19 * 2, result.Evaluations);
        Assert.Equal(result.FullScore - result.BaseScore, result.Words.Sum(w => w.Value), 1e-6);
    }
}
