using BiasApp.Core.Explanations;

namespace BiasApp.Core.Tests.Explanations;

public sealed class ShapExplainerTests
{
    [Fact]
    public void ExactShapMatchesBruteForceShapleyOfNonLinearFunction()
    {
        var scorer = new SyntheticScorer(6, SyntheticScorer.NonLinear);
        var result = new ShapExplainer(scorer, batchSize: 16).Explain(scorer.Sentence(), budget: 64, seed: 1);

        Assert.True(result.Exact);
        var expected = SyntheticScorer.BruteForceShapley(6, SyntheticScorer.NonLinear);
        for (var i = 0; i < 6; i++) Assert.Equal(expected[i], result.Words[i].Value, 1e-6);
        Assert.Equal(result.FullScore - result.BaseScore, result.Words.Sum(w => w.Value), 1e-3);
    }

    [Fact]
    public void ExactShapScoresEveryCoalitionOnceAndNoMore()
    {
        var scorer = new SyntheticScorer(5, SyntheticScorer.NonLinear);
        var result = new ShapExplainer(scorer, batchSize: 7).Explain(scorer.Sentence(), budget: 40, seed: 1);

        Assert.True(result.Exact);
        Assert.Equal(32, scorer.Sequences);
        Assert.Equal(32, result.Evaluations);
    }

    [Fact]
    public void SampledShapSumsToFullMinusBaselineByConstruction()
    {
        var scorer = new SyntheticScorer(12, SyntheticScorer.NonLinear);
        var result = new ShapExplainer(scorer).Explain(scorer.Sentence(), budget: 256, seed: 7);

        Assert.False(result.Exact);
        Assert.Equal(22, result.Permutations);
        Assert.Equal(result.FullScore - result.BaseScore, result.Words.Sum(w => w.Value), 1e-6);
    }

    [Fact]
    public void SampledShapApproachesBruteForceShapley()
    {
        var scorer = new SyntheticScorer(7, SyntheticScorer.NonLinear);
        var result = new ShapExplainer(scorer).Explain(scorer.Sentence(), budget: 127, seed: 3);

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
        var result = new ShapExplainer(scorer, batchSize).Explain(scorer.Sentence(), budget, seed: 1);

        Assert.InRange(scorer.Sequences, 1, budget);
        Assert.Equal(scorer.Sequences, result.Evaluations);
    }

    [Fact]
    public void ShapBatchesEachRoundIntoOneScorerCall()
    {
        var scorer = new SyntheticScorer(20, SyntheticScorer.NonLinear);
        new ShapExplainer(scorer, batchSize: 76).Explain(scorer.Sentence(), budget: 256, seed: 1, known: new SentenceScores(0.9f, 0.1f));

        // 254 / 19 = 13 permutations, rounded down to 12 (six antithetic pairs); two pairs (76 sequences) per call.
        Assert.Equal(12 * 19, scorer.Sequences);
        Assert.Equal(3, scorer.Calls);
    }

    [Fact]
    public void SameSeedGivesSameShapValuesAndAnotherSeedOthers()
    {
        var scorer = new SyntheticScorer(12, SyntheticScorer.NonLinear);
        var explainer = new ShapExplainer(scorer);
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
        var explainer = new ShapExplainer(scorer, batchSize: 22);

        Assert.ThrowsAny<OperationCanceledException>(() =>
            explainer.Explain(scorer.Sentence(), 256, seed: 1, cts.Token, new SentenceScores(0.9f, 0.1f)));
        Assert.Equal(1, scorer.Calls);
    }

    [Fact]
    public void BudgetBelowOnePermutationIsRejected()
    {
        var scorer = new SyntheticScorer(20, SyntheticScorer.NonLinear);
        Assert.Throws<ArgumentOutOfRangeException>(() => new ShapExplainer(scorer).Explain(scorer.Sentence(), 20, seed: 1));
        Assert.Equal(0, scorer.Calls);
    }

    [Fact]
    public void MaskedWordHasEveryPieceReplacedByMask()
    {
        var sentence = new SyntheticScorer(3, SyntheticScorer.NonLinear).Sentence();
        var sequence = sentence.NewSequence();
        sentence.Fill(sequence, [true, false, true]);

        Assert.Equal([SyntheticScorer.Cls, 100, SyntheticScorer.Mask, SyntheticScorer.Mask, 102, SyntheticScorer.Sep], sequence);
    }

    [Fact]
    public void WordsPastTheTokenLimitAreNotFeatures()
    {
        var sentence = new BiasApp.Core.Explanations.MaskedSentence(SyntheticScorer.Words(6), 1, 2, 3, maxTokens: 6);

        Assert.Equal(3, sentence.Count);
        Assert.True(sentence.Truncated);
        Assert.Equal(6, sentence.SequenceLength);
    }
}
