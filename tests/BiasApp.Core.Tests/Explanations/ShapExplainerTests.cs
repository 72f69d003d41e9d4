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

public sealed class KernelShapAndUnitsTests(ModelFixture model) : IClassFixture<ModelFixture>
{
    [Fact]
    public void KernelShapSumsToFullMinusBaselineAndLiesWithinItsErrorOfBruteForce()
    {
        var scorer = new SyntheticScorer(9, SyntheticScorer.NonLinear);
        var result = new ShapExplainer(scorer, sampler: ShapSampler.Kernel).Explain(scorer.Sentence(), budget: 511, seed: 3);

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
        var explainer = new ShapExplainer(scorer, sampler: sampler);
        var small = explainer.Explain(scorer.Sentence(), budget: 60, seed: 1);
        var large = explainer.Explain(scorer.Sentence(), budget: 511, seed: 1);

        Assert.False(large.Exact);
        Assert.All(small.Words, w => Assert.NotNull(w.Error));
        Assert.True(large.Words.Average(w => w.Error!.Value) < small.Words.Average(w => w.Error!.Value) / 1.8);
        // The truth lies within 4 standard errors (plus rounding) of the large-budget estimate for every word.
        var expected = SyntheticScorer.BruteForceShapley(9, SyntheticScorer.NonLinear);
        for (var i = 0; i < 9; i++) Assert.InRange(Math.Abs(expected[i] - large.Words[i].Value), 0, 4 * large.Words[i].Error!.Value + 1e-6);
    }

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
