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
    public void BudgetBelowOnePermutationIsRejected()
    {
        var scorer = new SyntheticScorer(20, SyntheticScorer.NonLinear);
        Assert.Throws<ArgumentOutOfRangeException>(() => new ShapExplainer(scorer).Explain(scorer.Sentence(), 20, seed: 1));
        Assert.Equal(0, scorer.Calls);
    }

    [Fact]
    public void HiddenWordHasEveryPieceRemoved()
    {
        var sentence = new SyntheticScorer(3, SyntheticScorer.NonLinear).Sentence();

        Assert.Equal([SyntheticScorer.Cls, 100, 102, SyntheticScorer.Sep], sentence.Build([true, false, true]));
        Assert.Equal([SyntheticScorer.Cls, 101, 201, SyntheticScorer.Sep], sentence.Build(0b010));
        Assert.Equal([SyntheticScorer.Cls, SyntheticScorer.Sep], sentence.BuildEmpty());
        Assert.DoesNotContain(SyntheticScorer.Mask, sentence.Build([false, true, false]));
    }

    [Fact]
    public void WordsPastMaxWordsStayInEveryCoalition()
    {
        var sentence = new BiasApp.Core.Explanations.MaskedSentence(SyntheticScorer.Words(4), 1, 2, maxTokens: 64, maxWords: 2);

        Assert.Equal(2, sentence.Count);
        Assert.Equal([1, 102, 103, 203, 2], sentence.BuildEmpty());
        Assert.Equal([1, 100, 102, 103, 203, 2], sentence.Build([true, false]));
    }

    [Fact]
    public void WordsPastTheTokenLimitAreNotFeatures()
    {
        var sentence = new BiasApp.Core.Explanations.MaskedSentence(SyntheticScorer.Words(6), 1, 2, maxTokens: 6);

        Assert.Equal(3, sentence.Count);
        Assert.True(sentence.Truncated);
        Assert.Equal(6, sentence.SequenceLength);
    }
}
