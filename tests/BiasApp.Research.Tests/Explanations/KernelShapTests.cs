using BiasApp.Core.Explanations;
using BiasApp.Core.Tests.Explanations;
using BiasApp.Research.Explanations;

namespace BiasApp.Research.Tests.Explanations;

public sealed class KernelShapTests
{
    [Fact]
    public void KernelShapSumsToFullMinusBaselineAndLiesWithinItsErrorOfBruteForce()
    {
        var scorer = new SyntheticScorer(9, SyntheticScorer.NonLinear);
        var result = new ShapExplainer(scorer, estimator: new KernelShapEstimator()).Explain(scorer.Sentence(), budget: 511, seed: 3);

        Assert.False(result.Exact);
        Assert.Equal(result.FullScore - result.BaseScore, result.Words.Sum(w => w.Value), 1e-6);
        var expected = SyntheticScorer.BruteForceShapley(9, SyntheticScorer.NonLinear);
        for (var i = 0; i < 9; i++) Assert.InRange(Math.Abs(expected[i] - result.Words[i].Value), 0, 4 * result.Words[i].Error!.Value + 1e-6);
        Assert.InRange(scorer.Sequences, 1, 511);
    }

    [Theory]
    [InlineData(ShapSampler.Kernel)]
    [InlineData(ShapSampler.Permutation)]
    public void SampledValuesCarryAStandardErrorThatShrinksWithTheBudget(ShapSampler sampler)
    {
        var scorer = new SyntheticScorer(9, SyntheticScorer.NonLinear);
        var explainer = new ShapExplainer(scorer, estimator: ShapEstimators.For(sampler));
        var small = explainer.Explain(scorer.Sentence(), budget: 60, seed: 1);
        var large = explainer.Explain(scorer.Sentence(), budget: 511, seed: 1);

        Assert.False(large.Exact);
        Assert.All(small.Words, w => Assert.NotNull(w.Error));
        Assert.True(large.Words.Average(w => w.Error!.Value) < small.Words.Average(w => w.Error!.Value) / 1.8);
        // The truth lies within 4 standard errors (plus rounding) of the large-budget estimate for every word.
        var expected = SyntheticScorer.BruteForceShapley(9, SyntheticScorer.NonLinear);
        for (var i = 0; i < 9; i++) Assert.InRange(Math.Abs(expected[i] - large.Words[i].Value), 0, 4 * large.Words[i].Error!.Value + 1e-6);
    }
}
