namespace BiasApp.Core.Explanations;

/// <summary>The two scores every explanation of a sentence starts from.</summary>
/// <param name="Full">f(x): the score of the sentence with every word visible.</param>
/// <param name="Empty">f(∅): the score with every feature word masked (the baseline).</param>
public readonly record struct SentenceScores(float Full, float Empty);

/// <summary>Shapley values of the words of one sentence.</summary>
/// <param name="Words">One value per feature word; they sum to <paramref name="FullScore"/> − <paramref name="BaseScore"/>.</param>
/// <param name="FullScore">f(x).</param>
/// <param name="BaseScore">f(∅), every word masked.</param>
/// <param name="Exact">True when every coalition was evaluated; false for permutation sampling.</param>
/// <param name="Permutations">Permutations sampled (0 when exact).</param>
/// <param name="Evaluations">Coalition values used, f(x) and f(∅) included; never more than the budget.</param>
public sealed record ShapExplanation(
    IReadOnlyList<WordAttribution> Words, double FullScore, double BaseScore, bool Exact, int Permutations, int Evaluations);

/// <summary>
/// Word-level Shapley values under a budget of model evaluations.
/// <list type="bullet">
/// <item>Exact when all 2^n coalitions fit the budget (n ≤ 8 words at the default budget of 256): every coalition
/// is scored and φᵢ = Σ_S |S|!(n−|S|−1)!/n! · (f(S∪i) − f(S)). Efficiency holds up to float rounding (≪ 1e-3).</item>
/// <item>Otherwise permutation sampling with antithetic pairs (a random order of the words, then the same order
/// reversed). A permutation costs n−1 evaluations (f(∅) and f(x) are shared) and its marginals telescope to
/// f(x) − f(∅), so the average over permutations satisfies efficiency by construction: the sum of the values
/// differs from f(x) − f(∅) only by double rounding (documented tolerance 1e-6). The per-word values are
/// estimates whose error shrinks with the budget.</item>
/// </list>
/// All coalitions of a round go to the scorer in one call; cancellation is checked before every call.
/// </summary>
public sealed class ShapExplainer
{
    /// <summary>Largest word count explained exactly (2^16 = the largest budget).</summary>
    public const int MaxExactWords = 16;

    private readonly IBatchScorer _scorer;
    private readonly int _batchSize;

    /// <param name="scorer">The model.</param>
    /// <param name="batchSize">Coalitions per scorer call, at least one whole permutation pair. Default 64.</param>
    public ShapExplainer(IBatchScorer scorer, int batchSize = 64)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        _scorer = scorer;
        _batchSize = batchSize;
    }

    /// <summary>The smallest budget that can explain <paramref name="words"/> words: f(x), f(∅) and one permutation.</summary>
    public static int MinimumBudget(int words) => Math.Max(2, words + 1);

    /// <summary>Explains <paramref name="sentence"/>.</summary>
    /// <param name="sentence">The words and their masking.</param>
    /// <param name="budget">Most coalition values to use, f(x) and f(∅) included; at least <see cref="MinimumBudget"/>.</param>
    /// <param name="seed">Seed of the permutation sampler; the same seed gives the same values.</param>
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

        var values = new double[n];
        bool exact = n <= MaxExactWords && (1 << n) <= budget;
        int permutations = 0, evaluations;
        if (exact)
        {
            evaluations = ExactValues(sentence, scores, values, record, cancellationToken);
        }
        else
        {
            permutations = (budget - 2) / (n - 1);
            if (permutations >= 2) permutations -= permutations % 2;
            SampledValues(sentence, scores, permutations, seed, values, record, cancellationToken);
            evaluations = 2 + permutations * (n - 1);
        }
        return new ShapExplanation(sentence.Attribute(values), scores.Full, scores.Empty, exact, permutations, evaluations);
    }


    private int ExactValues(MaskedSentence sentence, SentenceScores scores, double[] values, CoalitionSamples? record, CancellationToken cancellationToken)
    {
        var n = sentence.Count;
        var full = (1 << n) - 1;
        var v = new double[full + 1];
        v[0] = scores.Empty;
        v[full] = scores.Full;

        var batch = new SequenceBatch(Math.Max(1, Math.Min(_batchSize, full - 1)), sentence.SequenceLength);
        var first = 1;
        for (var coalition = 1; coalition < full; coalition++)
        {
            sentence.Fill(batch.Add(), coalition);
            if (batch.Count == batch.Capacity || coalition == full - 1)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var result = _scorer.Score(batch, cancellationToken);
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

    private void SampledValues(MaskedSentence sentence, SentenceScores scores, int permutations, int seed, double[] values, CoalitionSamples? record, CancellationToken cancellationToken)
    {
        var n = sentence.Count;
        var steps = n - 1;
        // Whole antithetic pairs per call, so a pair never straddles two calls.
        var perRound = Math.Max(permutations == 1 ? 1 : 2, _batchSize / steps & ~1);
        perRound = Math.Min(perRound, permutations);
        var batch = new SequenceBatch(perRound * steps, sentence.SequenceLength);
        var orders = new int[perRound][];
        for (var i = 0; i < perRound; i++) orders[i] = new int[n];
        var empty = sentence.NewSequence();
        sentence.FillEmpty(empty);
        var work = sentence.NewSequence();
        var random = new Random(seed);
        var shuffle = new int[n];
        var visible = new bool[n];
        for (var i = 0; i < n; i++) shuffle[i] = i;

        for (var done = 0; done < permutations;)
        {
            var count = Math.Min(perRound, permutations - done);
            batch.Clear();
            for (var p = 0; p < count; p++)
            {
                var order = orders[p];
                if (p % 2 == 0)
                {
                    random.Shuffle(shuffle);
                    shuffle.CopyTo(order, 0);
                }
                else
                {
                    for (var k = 0; k < n; k++) order[k] = orders[p - 1][n - 1 - k];
                }
                empty.CopyTo(work, 0);
                for (var k = 0; k < steps; k++)
                {
                    sentence.Show(work, order[k]);
                    work.CopyTo(batch.Add(), 0);
                }
            }

            cancellationToken.ThrowIfCancellationRequested();
            var result = _scorer.Score(batch, cancellationToken);
            var row = 0;
            for (var p = 0; p < count; p++)
            {
                var order = orders[p];
                double previous = scores.Empty;
                Array.Clear(visible);
                for (var k = 0; k < steps; k++)
                {
                    double current = result[row++];
                    visible[order[k]] = true;
                    record?.Add(visible, current);
                    values[order[k]] += current - previous;
                    previous = current;
                }
                values[order[steps]] += scores.Full - previous;
            }
            done += count;
        }
        for (var i = 0; i < n; i++) values[i] /= permutations;
    }
}
