using BiasApp.Core.Classification;
using BiasApp.Core.Explanations;
using BiasApp.Core.Inference;

namespace BiasApp.Core.Tests.Inference;

public sealed class SharedEntryFormatTests
{
    [Fact]
    public void AnExplainedResultComesBackWholeIncludingWhatTheApiLeavesOut()
    {
        var shap = new ShapExplanation([new WordAttribution("All", 0, 3, 0.25) { Error = 0.01 }, new WordAttribution("nurses", 4, 6, -0.125)],
            0.9, 0.1, Exact: false, Permutations: 12, Evaluations: 98);
        var lime = new LimeExplanation([new WordAttribution("All", 0, 3, 0.2), new WordAttribution("nurses", 4, 6, double.NaN)], 0.05, 0.8, 150);
        var value = new CachedSentence(new Prediction(0.9f, "profession", 0.75f),
            new SentenceExplanation("All nurses", ExplanationMode.Both, 0.9, 0.1, shap, lime, new ExplanationAgreement(0.5, 0.25, 0.125, 0.7), true, 250));

        var back = SharedEntryFormat.Read(SharedEntryFormat.Write(value));

        Assert.Equal(value.Prediction, back.Prediction);
        var e = back.Explanation!;
        Assert.Equal(("All nurses", ExplanationMode.Both, 0.9, (double?)0.1, true, 250), (e.Sentence, e.Mode, e.Probability, e.BaseProbability, e.Truncated, e.Evaluations));
        Assert.Equal(shap.Words, e.Shap!.Words);
        Assert.Equal(0.01, e.Shap.Words[0].Error);
        Assert.Equal((0.9, 0.1, false, 12, 98), (e.Shap.FullScore, e.Shap.BaseScore, e.Shap.Exact, e.Shap.Permutations, e.Shap.Evaluations));
        Assert.Equal((0.05, 0.8, 150), (e.Lime!.Intercept, e.Lime.RSquared, e.Lime.Evaluations));
        Assert.True(double.IsNaN(e.Lime.Words[1].Value));
        Assert.Equal(value.Explanation!.Agreement, e.Agreement);
    }

    [Fact]
    public void ASentenceEmbeddingComesBackCodeForCode()
    {
        var embedding = BiasApp.Core.Decisions.SentenceEmbedding.From(Enumerable.Range(0, 384).Select(i => MathF.Sin(i)).ToArray());
        var value = new CachedSentence(new Prediction(0.25f, null, 0f, "none"), null) { Embedding = embedding };

        var back = SharedEntryFormat.Read(SharedEntryFormat.Write(value)).Embedding!;

        Assert.Equal(embedding.Codes.ToArray(), back.Codes.ToArray());
        Assert.Equal(embedding.Scale, back.Scale);
        Assert.Null(SharedEntryFormat.Read(SharedEntryFormat.Write(value with { Embedding = null })).Embedding);
    }

    [Fact]
    public void AnUnexplainedResultIsAFewDozenBytes()
    {
        var bytes = SharedEntryFormat.Write(new CachedSentence(new Prediction(0.125f, null, 0f), null));

        Assert.Equal("""{"p":0.125,"ap":0}""", System.Text.Encoding.UTF8.GetString(bytes));
        Assert.Null(SharedEntryFormat.Read(bytes).Explanation);
    }

    [Fact]
    public void TheSharedKeyHashesModelModeAndNormalisedText()
    {
        var key = ResultCache.SharedKey(ResultCache.Key("model@1.0.0", ExplanationMode.None, "All  nurses."));

        Assert.Equal(key, ResultCache.SharedKey(ResultCache.Key("model@1.0.0", ExplanationMode.None, " All nurses. ")));
        Assert.NotEqual(key, ResultCache.SharedKey(ResultCache.Key("model@1.0.1", ExplanationMode.None, "All nurses.")));
        Assert.NotEqual(key, ResultCache.SharedKey(ResultCache.Key("model@1.0.0", ExplanationMode.Shap, "All nurses.")));
        Assert.StartsWith(SharedEntryFormat.Version + ":", key);
    }
}
