using BiasApp.Core.Explanations;

namespace BiasApp.Core.Tests.Explanations;

public sealed class LimeExplainerTests
{
    private static readonly double[] Coefficients = [0.3, -0.2, 0.05, 0.0, 0.15, -0.1, 0.25, 0.08];

    private static double Linear(bool[] z)
    {
        var y = 0.2;
        for (var i = 0; i < z.Length; i++) if (z[i]) y += Coefficients[i];
        return y;
    }

    [Fact]
    public void LimeRecoversTheWeightsOfALinearFunction()
    {
        var scorer = new SyntheticScorer(8, Linear);
        var result = new LimeExplainer(scorer, ridgeAlpha: 1e-4).Explain(scorer.Sentence(), samples: 300, seed: 1);

        for (var i = 0; i < 8; i++) Assert.Equal(Coefficients[i], result.Words[i].Value, 1e-3);
        Assert.Equal(0.2, result.Intercept, 1e-3);
        Assert.Equal(1, result.RSquared, 1e-4);
    }

    [Fact]
    public void LimeWithDefaultRidgeStaysCloseToLinearWeights()
    {
        var scorer = new SyntheticScorer(8, Linear);
        var result = new LimeExplainer(scorer).Explain(scorer.Sentence(), samples: 300, seed: 1);

        for (var i = 0; i < 8; i++) Assert.Equal(Coefficients[i], result.Words[i].Value, 0.03);
    }

    [Fact]
    public void LimeFitOfNonLinearFunctionHasRSquaredBelowOne()
    {
        var scorer = new SyntheticScorer(6, SyntheticScorer.NonLinear);
        var result = new LimeExplainer(scorer).Explain(scorer.Sentence(), samples: 200, seed: 1);

        Assert.InRange(result.RSquared, 0, 0.9999);
    }

    [Fact]
    public void SameSeedGivesSameLimeWeightsAndAnotherSeedOthers()
    {
        var scorer = new SyntheticScorer(10, SyntheticScorer.NonLinear);
        var explainer = new LimeExplainer(scorer);
        var a = explainer.Explain(scorer.Sentence(), 100, seed: 5).Words.Select(w => w.Value).ToArray();
        var b = explainer.Explain(scorer.Sentence(), 100, seed: 5).Words.Select(w => w.Value).ToArray();
        var c = explainer.Explain(scorer.Sentence(), 100, seed: 6).Words.Select(w => w.Value).ToArray();

        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
    }

    [Theory]
    [InlineData(10, 100, 64, false)]
    [InlineData(10, 100, 64, true)]
    [InlineData(20, 37, 8, false)]
    public void LimeScoresExactlyItsSamples(int words, int samples, int batchSize, bool knownScores)
    {
        var scorer = new SyntheticScorer(words, SyntheticScorer.NonLinear);
        SentenceScores? known = knownScores ? new SentenceScores(0.9f, 0.1f) : null;
        var result = new LimeExplainer(scorer, batchSize).Explain(scorer.Sentence(), samples, seed: 1, known: known);

        Assert.Equal(knownScores ? samples - 1 : samples, scorer.Sequences);
        Assert.Equal(samples, result.Evaluations);
        Assert.Equal((scorer.Sequences + batchSize - 1) / batchSize, scorer.Calls);
    }

    [Fact]
    public void CancellingAfterTheFirstBatchStopsLimeBeforeTheNextScorerCall()
    {
        using var cts = new CancellationTokenSource();
        var scorer = new SyntheticScorer(10, SyntheticScorer.NonLinear) { AfterCall = cts.Cancel };

        Assert.ThrowsAny<OperationCanceledException>(() =>
            new LimeExplainer(scorer, batchSize: 16).Explain(scorer.Sentence(), 200, seed: 1, cts.Token));
        Assert.Equal(1, scorer.Calls);
    }

    [Fact]
    public void SingleWordGetsTheWholeDifferenceWithoutNaN()
    {
        var scorer = new SyntheticScorer(1, z => z[0] ? 0.8 : 0.3);
        var result = new LimeExplainer(scorer).Explain(scorer.Sentence(), 50, seed: 1);

        Assert.Equal(0.5, result.Words.Single().Value, 1e-6);
        Assert.False(double.IsNaN(result.RSquared));
    }
}
