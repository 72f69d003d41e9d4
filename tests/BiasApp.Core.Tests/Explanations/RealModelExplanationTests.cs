using BiasApp.Core.Classification;
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

/// <summary>What the removal baseline and the default settings promise on the shipped model.</summary>
public sealed class ExplanationBaselineTests(ModelFixture model) : IClassFixture<ModelFixture>
{
    private SentenceExplainer Explainer() =>
        new(model.Classifier, model.Classifier.Encoder, model.Classifier.Card.MaxLength, new ExplanationOptions());

    [Fact]
    public void TheEmptyInputIsNotAStereotype()
    {
        // With every word removed the sequence is [CLS] [SEP] whatever the sentence's length.
        var empty = model.Classifier.Score([[model.Classifier.Encoder.ClsId, model.Classifier.Encoder.SepId]])[0];
        Assert.True(empty <= 0.2f, $"f(∅) = {empty:F3}");

        var explanation = Explainer().Explain("Old people from the village are always slow, stubborn and bad with phones and computers.", ExplanationMode.Shap);
        Assert.Equal(empty, explanation.BaseProbability!.Value, 1e-6);
    }

    [Theory]
    [InlineData("Mexicans are lazy.", new[] { "Mexicans", "lazy." })]
    [InlineData("Women are too emotional to be leaders.", new[] { "Women", "emotional" })]
    [InlineData("Mexicans are lazy people who never want to work hard for their money.", new[] { "Mexicans", "lazy" })]
    public void TheGroupOrTheAttributeIsOnTop(string text, string[] expected)
    {
        var explanation = Explainer().Explain(text, ExplanationMode.Both);

        Assert.True(explanation.Probability >= 0.5, $"{text} scored {explanation.Probability:F3}");
        Assert.Contains(explanation.ShapWords!.MaxBy(w => w.Value)!.Word, expected);
        Assert.Contains(explanation.Lime!.Words.MaxBy(w => w.Value)!.Word, expected);
        Assert.Equal(explanation.Probability - explanation.BaseProbability!.Value, explanation.ShapWords!.Sum(w => w.Value), 1e-3);
    }

    [Fact]
    public void WordRankingsAreStableAcrossSeedsAtTheDefaultSettings()
    {
        string[] sentences =
        [
            "Old people from the village are always slow, stubborn and bad with phones and computers.",
            "Girls are bad at maths and should stick to cooking instead of science.",
            "Muslims are violent people who cannot live peacefully with their neighbours.",
        ];
        var correlations = new List<double>();
        foreach (var text in sentences)
        {
            var runs = new[] { 1, 2, 3 }.Select(seed =>
                new SentenceExplainer(model.Classifier, model.Classifier.Encoder, model.Classifier.Card.MaxLength, new ExplanationOptions { Seed = seed })
                    .Explain(text, ExplanationMode.Shap).ShapWords!.Select(w => w.Value).ToArray()).ToArray();
            for (var a = 0; a < runs.Length; a++)
                for (var b = a + 1; b < runs.Length; b++) correlations.Add(Spearman(runs[a], runs[b]));
        }
        // The default estimator (Owen) draws nothing at random, so every pair agrees exactly; the permutation estimator
        // at budget 256 gave 0.49–0.92 here (mean 0.71). Floors kept from then: every pair 0.4, the mean 0.65.
        Assert.All(correlations, c => Assert.True(c >= 0.4, $"Spearman {c:F2}: {string.Join(", ", correlations.Select(x => x.ToString("F2")))}"));
        Assert.True(correlations.Average() >= 0.65, $"mean Spearman {correlations.Average():F2}");
    }

    /// <summary>Spearman's ρ (ties share their mean rank; 1 when either side is constant), as explain-eval measures it.</summary>
    private static double Spearman(double[] x, double[] y)
    {
        var rx = Ranks(x);
        var ry = Ranks(y);
        double mx = rx.Average(), my = ry.Average(), sxy = 0, sxx = 0, syy = 0;
        for (var i = 0; i < rx.Length; i++)
        {
            sxy += (rx[i] - mx) * (ry[i] - my);
            sxx += (rx[i] - mx) * (rx[i] - mx);
            syy += (ry[i] - my) * (ry[i] - my);
        }
        return sxx == 0 || syy == 0 ? 1 : sxy / Math.Sqrt(sxx * syy);
    }

    private static double[] Ranks(double[] values)
    {
        var order = Enumerable.Range(0, values.Length).OrderBy(i => values[i]).ToArray();
        var ranks = new double[values.Length];
        for (var i = 0; i < order.Length;)
        {
            var j = i;
            while (j + 1 < order.Length && values[order[j + 1]] == values[order[i]]) j++;
            for (var k = i; k <= j; k++) ranks[order[k]] = (i + j) / 2.0;
            i = j + 1;
        }
        return ranks;
    }

}
