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

public sealed class ExactValuesAndUnitsTests(ModelFixture model) : IClassFixture<ModelFixture>
{
    [Fact]
    public void ExactValuesHaveNoError()
    {
        var scorer = new SyntheticScorer(5, SyntheticScorer.NonLinear);
        var result = new ShapExplainer(scorer).Explain(scorer.Sentence(), budget: 64, seed: 1);

        Assert.True(result.Exact);
        Assert.All(result.Words, w => Assert.Null(w.Error));
        Assert.All(result.Words, w => Assert.False(w.Uncertain));
    }

    [Theory]
    [InlineData("Women are lazy.", new[] { "Women", "are", "lazy." })]
    [InlineData("They don't drive well-known cars, right?", new[] { "They", "don't", "drive", "well-known", "cars,", "right?" })]
    [InlineData("\"Nurses are women,\" he said.", new[] { "\"Nurses", "are", "women,\"", "he", "said." })]
    [InlineData("The women's team (mostly amateurs) won!", new[] { "The", "women's", "team", "(mostly", "amateurs)", "won!" })]
    [InlineData("...", new[] { "..." })]
    public void WordsAreGroupedIntoReadableUnitsWhoseOffsetsPointAtTheText(string text, string[] units)
    {
        var encoder = model.Classifier.Encoder;
        var sentence = MaskedSentence.Create(encoder, text, 64);

        Assert.Equal(units, sentence.Words.Select(w => w.Text));
        Assert.All(sentence.Words, w => Assert.Equal(w.Text, text.Substring(w.Start, w.Length)));
        // Keeping every unit gives exactly the tokenizer's own encoding.
        Assert.Equal(encoder.Encode(text, 64), sentence.BuildFull());
    }
}
