using BiasApp.Core.Classification;
using BiasApp.Core.Explanations;
using BiasApp.Core.Segmentation;
using Microsoft.Extensions.Options;

namespace BiasApp.Core.Tests.Explanations;

public sealed class ModelSentenceExplainerTests(ModelFixture model) : IClassFixture<ModelFixture>
{
    private ModelSentenceExplainer Explainer(ExplanationOptions? options = null) =>
        new(new ModelHost(model.Classifier), Options.Create(options ?? new ExplanationOptions()));

    [Fact]
    public async Task WordOffsetsPointIntoTheDocumentNotTheSentence()
    {
        const string text = "The sky is blue.  Women are bad drivers.";
        var sentences = new SentenceSegmenter().Split(text);

        var results = await Explainer().ExplainAsync(sentences, ExplanationMode.Both, CancellationToken.None);

        Assert.Equal(2, results.Count);
        foreach (var explanation in results)
        {
            Assert.NotNull(explanation);
            foreach (var word in explanation.Shap!.Words.Concat(explanation.Lime!.Words))
                Assert.Equal(word.Word, text.Substring(word.Start, word.Length));
        }
        Assert.Equal(text.IndexOf("Women", StringComparison.Ordinal), results[1]!.Shap!.Words[0].Start);
    }

    [Fact]
    public async Task ANormalisedSentenceIsExplainedAsScoredAndItsWordsLandOnTheTextAsWritten()
    {
        const string text = "The sky is blue.  To be fair,   men are hopeless at cooking!!";
        var sentences = new SentenceSegmenter().Split(text);

        var explanation = (await Explainer().ExplainAsync(sentences, ExplanationMode.Both, CancellationToken.None))[1]!;

        // The heatmap explains the probability the sentence is shown with: that of its normalised text.
        Assert.Equal(model.Classifier.Classify([sentences[1].Text])[0].Probability, explanation.Probability, 3);
        Assert.Equal(sentences[1].Text, explanation.Sentence);
        var markerEnd = text.IndexOf("men", StringComparison.Ordinal);
        foreach (var word in explanation.Shap!.Words.Concat(explanation.Lime!.Words))
        {
            Assert.Equal(word.Word, text.Substring(word.Start, word.Length));
            Assert.True(word.Start >= markerEnd, $"'{word.Word}' at {word.Start} is inside the removed marker");
        }
        Assert.Contains(explanation.Shap.Words, w => w.Word == "cooking!!");
    }

    [Fact]
    public async Task ACancelledRequestStopsTheWork()
    {
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            Explainer().ExplainAsync(new SentenceSegmenter().Split("Women are bad drivers."), ExplanationMode.Shap, cts.Token));
    }

    [Fact]
    public void SwitchedOffMethodsAreRefusedWithTheReason()
    {
        Assert.Null(Explainer().UnavailableReason(ExplanationMode.Both));
        Assert.Contains("Explanations:Enabled=false", Explainer(new() { Enabled = false }).UnavailableReason(ExplanationMode.Shap));
        var noLime = Explainer(new() { Lime = false });
        Assert.Null(noLime.UnavailableReason(ExplanationMode.Shap));
        Assert.Equal("LIME is switched off on this server (Explanations:Shap / Explanations:Lime); use 'none' or 'shap'.",
            noLime.UnavailableReason(ExplanationMode.Both));
    }
}
