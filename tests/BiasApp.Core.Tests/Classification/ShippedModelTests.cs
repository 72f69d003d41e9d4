using System.Security.Cryptography;
using System.Text.Json;
using BiasApp.Core.Classification;

namespace BiasApp.Core.Tests.Classification;

// Checks of the committed model itself (models/stereotype-minilm), not of the inference code.
public sealed class ShippedModelTests : IClassFixture<StereotypeClassifierTests.LoadedModel>
{
    private readonly StereotypeClassifier _classifier;

    public ShippedModelTests(StereotypeClassifierTests.LoadedModel model) => _classifier = model.Classifier;

    [Theory]
    [InlineData("All women are bad at math.")]
    [InlineData("Muslims are terrorists.")]
    [InlineData("Mexicans are lazy and never want to work.")]
    [InlineData("Old people are always slow and forgetful.")]
    [InlineData("Gay men are all obsessed with fashion.")]
    [InlineData("Nurses are always women who are too emotional.")]
    public void ClearStereotypesScoreAboveOneHalf(string sentence) =>
        Assert.True(_classifier.Classify([sentence])[0].Probability > 0.5f, $"{sentence} scored {_classifier.Classify([sentence])[0].Probability}");

    [Theory]
    [InlineData("The meeting starts at nine tomorrow morning.")]
    [InlineData("I bought a loaf of bread and some apples.")]
    [InlineData("The train to Berlin was delayed by twenty minutes.")]
    [InlineData("She planted tomatoes in the garden last spring.")]
    [InlineData("The museum opens at ten on Sundays.")]
    public void NeutralSentencesScoreBelowOneHalf(string sentence) =>
        Assert.True(_classifier.Classify([sentence])[0].Probability < 0.5f, $"{sentence} scored {_classifier.Classify([sentence])[0].Probability}");

    [Fact]
    public void StereotypeAboutWomenIsAssignedTheGenderAxis()
    {
        var prediction = _classifier.Classify(["Women are too emotional to be leaders."])[0];
        Assert.Equal("gender", prediction.Axis);
    }

    [Fact]
    public void ModelCardHashMatchesTheShippedModelFile()
    {
        using var card = JsonDocument.Parse(File.ReadAllText(Path.Combine(ModelFolder.Path, "model.json")));
        var expected = card.RootElement.GetProperty("sha256").GetString();
        var actual = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(Path.Combine(ModelFolder.Path, "model.onnx"))));
        Assert.Equal(expected, actual);
    }

    [Fact]
    public void ModelCardNamesTheLabelsAxesAndDevFigures()
    {
        Assert.Equal(["not_stereotype", "stereotype"], _classifier.Card.Labels);
        Assert.Contains("gender", _classifier.Card.AxisLabels);
        Assert.True(_classifier.HasAxisHead);
        Assert.Equal(64, _classifier.Card.MaxLength);
        using var card = JsonDocument.Parse(File.ReadAllText(Path.Combine(ModelFolder.Path, "model.json")));
        var dev = card.RootElement.GetProperty("metrics").GetProperty("selection_run_dev");
        Assert.InRange(dev.GetProperty("fp32").GetProperty("emgsd_dev_macro_f1").GetDouble(), 0.5, 1.0);
    }

    [Fact]
    public void WordSplitTokenizationMatchesWholeTextTokenizationOnTheShippedVocabulary()
    {
        // The explainers mask whole words, so their per-word encoding must give the ids the model was trained on.
        var encoder = _classifier.Encoder;
        string[] texts =
        [
            "Ethiopian people write in Ge'ez script, one of the oldest scripts still around.",
            "The Afghans' insurgents—seen as “unintelligent”—weren't there.",
            "Naïve café owners in São Paulo earn 3.5% more (allegedly) 🙂!",
        ];
        foreach (var text in texts)
        {
            var pieces = encoder.SplitWords(text).SelectMany(w => w.PieceIds).ToArray();
            Assert.Equal(encoder.Encode(text, 512), encoder.Wrap(pieces, 512));
        }
    }
}
