namespace BiasApp.Core.Explanations;

/// <summary>
/// Word-level Shapley values under a budget of model evaluations, with the removal baseline of
/// <see cref="MaskedSentence"/>. Exact when all 2^n coalitions fit the budget (n ≤ 6 at the app's default
/// <see cref="ExplanationOptions.ShapBudget"/>): every coalition is scored and
/// φᵢ = Σ_S |S|!(n−|S|−1)!/n! · (f(S∪i) − f(S)). Beyond that an <see cref="IShapEstimator"/> estimates them, by
/// default <see cref="OwenShapEstimator"/>. All coalitions of a round go to the scorer in one call; cancellation is
/// checked before every call.
/// </summary>
public sealed class ShapExplainer
{
    /// <summary>Largest word count explained exactly (2^16 = the largest budget).</summary>
    public const int MaxExactWords = 16;

    private readonly IBatchScorer _scorer;
    private readonly int _batchSize;
    private readonly IShapEstimator _estimator;

    /// <param name="scorer">The model.</param>
    /// <param name="batchSize">Coalitions per scorer call. Default 64.</param>
    /// <param name="estimator">Used when exact enumeration does not fit the budget. Default <see cref="OwenShapEstimator"/>.</param>
    public ShapExplainer(IBatchScorer scorer, int batchSize = 64, IShapEstimator? estimator = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        _scorer = scorer;
        _batchSize = batchSize;
        _estimator = estimator ?? new OwenShapEstimator();
    }

    /// <summary>The smallest budget that can explain <paramref name="words"/> words: f(x), f(∅) and one permutation.</summary>
    public static int MinimumBudget(int words) => Math.Max(2, words + 1);

    /// <summary>Explains <paramref name="sentence"/>.</summary>
    /// <param name="sentence">The words and their removal.</param>
    /// <param name="budget">Most coalition values to use, f(x) and f(∅) included; at least <see cref="MinimumBudget"/>.</param>
    /// <param name="seed">Seed of the estimator; the same seed gives the same values.</param>
    /// <param name="cancellationToken">Checked before every scorer call.</param>
    /// <param name="known">f(x) and f(∅) when the caller already has them; otherwise they are scored here.</param>
    /// <param name="record">When given, receives every coalition scored here (not f(x) or f(∅)), e.g. for <see cref="LimeExplainer.Fit"/>.</param>
    public ShapExplanation Explain(
        MaskedSentence sentence, int budget, int seed, CancellationToken cancellationToken = default,
        SentenceScores? known = null, CoalitionSamples? record = null)
    {
        var n = sentence.Count;
        ArgumentOutOfRangeException.ThrowIfLessThan(budget, MinimumBudget(n));
        var scores = known ?? sentence.ScoreEnds(_scorer, cancellationToken);
        if (n == 0) return new ShapExplanation([], scores.Full, scores.Empty, true, 0, 2);

        var scorer = new CoalitionScorer(_scorer, _batchSize, cancellationToken);
        if (n <= MaxExactWords && (1 << n) <= budget)
        {
            var values = new double[n];
            var evaluations = ExactValues(sentence, scores, values, scorer, record);
            return new ShapExplanation(sentence.Attribute(values), scores.Full, scores.Empty, true, 0, evaluations);
        }
        return _estimator.Estimate(sentence, scores, budget, seed, scorer, record);
    }

    private static int ExactValues(MaskedSentence sentence, SentenceScores scores, double[] values, CoalitionScorer scorer, CoalitionSamples? record)
    {
        var n = sentence.Count;
        var full = (1 << n) - 1;
        var v = new double[full + 1];
        v[0] = scores.Empty;
        v[full] = scores.Full;

        var batch = new List<int[]>(Math.Max(1, Math.Min(scorer.BatchSize, full - 1)));
        var first = 1;
        for (var coalition = 1; coalition < full; coalition++)
        {
            batch.Add(sentence.Build(coalition));
            if (batch.Count == batch.Capacity || coalition == full - 1)
            {
                var result = scorer.Score(batch);
                for (var i = 0; i < batch.Count; i++) v[first + i] = result[i];
                if (record is not null) Record(record, n, first, result, batch.Count);
                first += batch.Count;
                batch.Clear();
            }
        }

        return Weigh(v, n, values);
    }

    private static void Record(CoalitionSamples record, int n, int first, float[] result, int count)
    {
        Span<bool> visible = stackalloc bool[n];
        for (var i = 0; i < count; i++)
        {
            for (var w = 0; w < n; w++) visible[w] = ((first + i) & (1 << w)) != 0;
            record.Add(visible, result[i]);
        }
    }

    private static int Weigh(double[] v, int n, double[] values)
    {
        var full = v.Length - 1;
        // Weight of a coalition of size s not containing i: s!(n−s−1)!/n! = 1 / (n · C(n−1, s)).
        var weight = new double[n];
        double binomial = 1;
        for (var s = 0; s < n; s++)
        {
            weight[s] = 1.0 / (n * binomial);
            binomial = binomial * (n - 1 - s) / (s + 1);
        }
        for (var coalition = 0; coalition < full; coalition++)
        {
            var w = weight[System.Numerics.BitOperations.PopCount((uint)coalition)];
            for (var i = 0; i < n; i++)
            {
                if ((coalition & (1 << i)) == 0) values[i] += w * (v[coalition | (1 << i)] - v[coalition]);
            }
        }
        return full + 1;
    }
}
