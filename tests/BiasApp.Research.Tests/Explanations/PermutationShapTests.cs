using BiasApp.Core.Explanations;
using BiasApp.Core.Tests.Explanations;
using BiasApp.Research.Explanations;

namespace BiasApp.Research.Tests.Explanations;

public sealed class PermutationShapTests
{
    [Fact]
    public void SampledShapSumsToFullMinusBaselineByConstruction()
    {
        var scorer = new SyntheticScorer(12, SyntheticScorer.NonLinear);
        var result = new ShapExplainer(scorer, estimator: new PermutationShapEstimator()).Explain(scorer.Sentence(), budget: 256, seed: 7);

        Assert.False(result.Exact);
        Assert.Equal(22, result.Permutations);
        Assert.Equal(result.FullScore - result.BaseScore, result.Words.Sum(w => w.Value), 1e-6);
    }

    [Fact]
    public void SampledShapApproachesBruteForceShapley()
    {
        var scorer = new SyntheticScorer(7, SyntheticScorer.NonLinear);
        var result = new ShapExplainer(scorer, estimator: new PermutationShapEstimator()).Explain(scorer.Sentence(), budget: 127, seed: 3);

        Assert.False(result.Exact);
        var expected = SyntheticScorer.BruteForceShapley(7, SyntheticScorer.NonLinear);
        for (var i = 0; i < 7; i++) Assert.Equal(expected[i], result.Words[i].Value, 0.05);
    }

    [Theory]
    [InlineData(12, 256, 64)]
    [InlineData(20, 256, 64)]
    [InlineData(20, 21, 64)]
    [InlineData(9, 100, 5)]
    [InlineData(3, 16, 1)]
    public void ShapNeverScoresMoreSequencesThanItsBudget(int words, int budget, int batchSize)
    {
        var scorer = new SyntheticScorer(words, SyntheticScorer.NonLinear);
        var result = new ShapExplainer(scorer, batchSize, new PermutationShapEstimator()).Explain(scorer.Sentence(), budget, seed: 1);

        Assert.InRange(scorer.Sequences, 1, budget);
        Assert.Equal(scorer.Sequences, result.Evaluations);
    }

    [Fact]
    public void ShapBatchesEachRoundIntoOneScorerCall()
    {
        var scorer = new SyntheticScorer(20, SyntheticScorer.NonLinear);
        new ShapExplainer(scorer, batchSize: 76, estimator: new PermutationShapEstimator()).Explain(scorer.Sentence(), budget: 256, seed: 1, known: new SentenceScores(0.9f, 0.1f));

        // 254 / 19 = 13 permutations, rounded down to 12 (six antithetic pairs); two pairs (76 sequences) per call.
        Assert.Equal(12 * 19, scorer.Sequences);
        Assert.Equal(3, scorer.Calls);
    }

    [Fact]
    public void SameSeedGivesSameShapValuesAndAnotherSeedOthers()
    {
        var scorer = new SyntheticScorer(12, SyntheticScorer.NonLinear);
        var explainer = new ShapExplainer(scorer, estimator: new PermutationShapEstimator());
        var a = explainer.Explain(scorer.Sentence(), 128, seed: 5).Words.Select(w => w.Value).ToArray();
        var b = explainer.Explain(scorer.Sentence(), 128, seed: 5).Words.Select(w => w.Value).ToArray();
        var c = explainer.Explain(scorer.Sentence(), 128, seed: 6).Words.Select(w => w.Value).ToArray();

        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
    }

    [Fact]
    public void CancellingAfterTheFirstBatchStopsShapBeforeTheNextScorerCall()
    {
        using var cts = new CancellationTokenSource();
        var scorer = new SyntheticScorer(12, SyntheticScorer.NonLinear) { AfterCall = cts.Cancel };
        var explainer = new ShapExplainer(scorer, batchSize: 22, estimator: new PermutationShapEstimator());

        Assert.ThrowsAny<OperationCanceledException>(() =>
            explainer.Explain(scorer.Sentence(), 256, seed: 1, cts.Token, new SentenceScores(0.9f, 0.1f)));
        Assert.Equal(1, scorer.Calls);
    }

    [Theory]
    [InlineData(10, 256)]
    [InlineData(7, 200)]
    public void LimeFittedOnShapCoalitionsRecoversLinearWeightsWithoutScoring(int words, int budget)
    {
        double Linear10(bool[] z)
        {
            var y = 0.1;
            for (var i = 0; i < z.Length; i++) if (z[i]) y += 0.05 * (i - 3);
            return y;
        }
        var scorer = new SyntheticScorer(words, Linear10);
        var sentence = scorer.Sentence();
        var record = new CoalitionSamples(words, budget);
        var shap = new ShapExplainer(scorer, estimator: new PermutationShapEstimator()).Explain(sentence, budget, seed: 2, record: record);
        var scored = scorer.Sequences;

        var lime = new LimeExplainer(scorer, ridgeAlpha: 1e-4).Fit(sentence, record, new SentenceScores((float)shap.FullScore, (float)shap.BaseScore));

        Assert.Equal(scored, scorer.Sequences);
        Assert.Equal(shap.Evaluations - 2, record.Count);
        for (var i = 0; i < words; i++) Assert.Equal(0.05 * (i - 3), lime.Words[i].Value, 1e-3);
    }
}
