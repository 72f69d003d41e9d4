using BiasApp.Core.Explanations;

namespace BiasApp.Core.Tests.Explanations;

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
