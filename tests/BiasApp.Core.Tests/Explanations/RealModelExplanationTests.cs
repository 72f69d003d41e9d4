using BiasApp.Core.Explanations;

namespace BiasApp.Core.Tests.Explanations;

public sealed class RealModelExplanationTests(ModelFixture model) : IClassFixture<ModelFixture>
{
    private const string Short = "Women are bad drivers.";
    private const string Long = "Old people from the village are always slow, stubborn and bad with phones, computers, money and new ideas at work.";

    [Fact]
    public void ExactShapOnTheModelSumsToFullMinusBaseline()
    {
        var sentence = MaskedSentence.Create(model.Classifier.Encoder, Short, model.Classifier.Card.MaxLength);
        var result = new ShapExplainer(model.Classifier).Explain(sentence, 256, seed: 1);

        Assert.True(result.Exact);
        Assert.Equal(["Women", "are", "bad", "drivers."], result.Words.Select(w => w.Word));
        Assert.Equal(result.FullScore - result.BaseScore, result.Words.Sum(w => w.Value), 1e-3);
    }

    [Fact]
    public void FullSentenceScoreIsTheClassifierProbability()
    {
        var explanation = Explainer().Explain(Short, ExplanationMode.None);

        Assert.Equal(model.Classifier.Classify([Short])[0].Probability, explanation.Probability, 1e-6);
        Assert.Null(explanation.Shap);
        Assert.Equal(1, explanation.Evaluations);
    }

    [Fact]
    public void BothMethodsExplainEveryWordAtItsOffsetWithinBudget()
    {
        var options = new ExplanationOptions();
        var explanation = Explainer(options).Explain(Long, ExplanationMode.Both);

        Assert.Equal(ExplanationMode.Both, explanation.Mode);
        Assert.NotNull(explanation.Shap);
        Assert.NotNull(explanation.Lime);
        Assert.NotNull(explanation.Agreement);
        Assert.All(explanation.Shap.Words, w => Assert.Equal(w.Word, Long.Substring(w.Start, w.Length)));
        Assert.Equal(explanation.Shap.Words.Select(w => w.Start), explanation.Lime.Words.Select(w => w.Start));
        Assert.InRange(explanation.Agreement.Confidence, 0, 1);
        Assert.InRange(explanation.Evaluations, 1, options.ShapBudget + options.LimeSamples);
    }

    [Fact]
    public void BothWithSharedSamplesCostsOneShapBudget()
    {
        var options = new ExplanationOptions { ShareSamples = true };
        var counting = new CountingScorer(model.Classifier);
        var explanation = Explainer(options, counting).Explain(Long, ExplanationMode.Both);

        Assert.Equal(explanation.Evaluations, counting.Sequences);
        Assert.InRange(counting.Sequences, options.ShapBudget - 30, options.ShapBudget);
        Assert.Equal(explanation.Shap!.Evaluations - 1, explanation.Lime!.Evaluations);
    }

    [Fact]
    public void DefaultBothIsOwenWithLimeOnItsCoalitionsTheSameForEverySeedWithinOneBudget()
    {
        var counting = new CountingScorer(model.Classifier);
        var first = Explainer(new ExplanationOptions { Seed = 1 }, counting).Explain(Long, ExplanationMode.Both);
        var second = Explainer(new ExplanationOptions { Seed = 2 }).Explain(Long, ExplanationMode.Both);

        Assert.False(first.Shap!.Exact);
        Assert.InRange(counting.Sequences, 2, new ExplanationOptions().ShapBudget);
        Assert.Equal(first.Evaluations, counting.Sequences);
        Assert.Equal(first.Shap.Words, second.Shap!.Words);
        Assert.Equal(first.Lime!.Words, second.Lime!.Words);
        Assert.Equal(first.Probability - first.BaseProbability!.Value, first.ShapWords!.Sum(w => w.Value), 1e-5);
    }

    [Fact]
    public void AnExactShapIsSharedWithLimeWhateverTheSetting()
    {
        var options = new ExplanationOptions { ShareSamples = false, ShapBudget = 64 };
        var counting = new CountingScorer(model.Classifier);
        var explanation = Explainer(options, counting).Explain(Short, ExplanationMode.Both);

        Assert.True(explanation.Shap!.Exact);
        Assert.Equal(1 << explanation.Shap.Words.Count, counting.Sequences);
        Assert.Equal(explanation.Evaluations, counting.Sequences);
    }

    [Fact]
    public void BothWithoutSharedSamplesAddsLimeSamplesToTheBudget()
    {
        var options = new ExplanationOptions { ShareSamples = false, ShapBudget = 64, LimeSamples = 40 };
        var counting = new CountingScorer(model.Classifier);
        var explanation = Explainer(options, counting).Explain(Long, ExplanationMode.Both);

        Assert.Equal(explanation.Evaluations, counting.Sequences);
        Assert.Equal(explanation.Shap!.Evaluations + 39, counting.Sequences);
        Assert.InRange(counting.Sequences, 41, options.ShapBudget + options.LimeSamples);
    }

    [Fact]
    public void ExplainingTwiceGivesTheSameResult()
    {
        var explainer = Explainer();
        var a = explainer.Explain(Long, ExplanationMode.Both);
        var b = explainer.Explain(Long, ExplanationMode.Both);

        Assert.Equal(a.Shap!.Words, b.Shap!.Words);
        Assert.Equal(a.Lime!.Words, b.Lime!.Words);
        Assert.Equal(a.Agreement, b.Agreement);
    }

    [Fact]
    public void CancelledRequestScoresNothing()
    {
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() => Explainer().Explain(Long, ExplanationMode.Both, cts.Token));
    }

    [Fact]
    public void DisabledExplanationsOnlyScoreTheSentence()
    {
        var explanation = Explainer(new ExplanationOptions { Enabled = false }).Explain(Short, ExplanationMode.Both);

        Assert.Equal(ExplanationMode.None, explanation.Mode);
        Assert.Null(explanation.Lime);
        Assert.Null(explanation.Agreement);
    }

    private SentenceExplainer Explainer(ExplanationOptions? options = null, IBatchScorer? scorer = null) =>
        new(scorer ?? model.Classifier, model.Classifier.Encoder, model.Classifier.Card.MaxLength, options ?? new ExplanationOptions());

    private sealed class CountingScorer(IBatchScorer inner) : IBatchScorer
    {
        public int Sequences { get; private set; }

        public float[] Score(IReadOnlyList<int[]> sequences, CancellationToken cancellationToken)
        {
            Sequences += sequences.Count;
            return inner.Score(sequences, cancellationToken);
        }
    }
}
