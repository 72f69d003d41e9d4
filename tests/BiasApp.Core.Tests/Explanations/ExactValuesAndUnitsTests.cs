using BiasApp.Core.Explanations;

namespace BiasApp.Core.Tests.Explanations;

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
