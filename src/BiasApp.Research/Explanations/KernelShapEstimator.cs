using BiasApp.Core.Explanations;

namespace BiasApp.Research.Explanations;

/// <summary>
/// Unbiased Kernel SHAP with paired (antithetic) coalitions (Covert &amp; Lee 2021): coalitions drawn from the Shapley
/// kernel (size s with probability ∝ 1/(s(n−s)), then a uniform subset), each with its complement. With the kernel's
/// exact second-moment matrix A = d·I + c·11ᵀ the constrained least-squares solution is closed-form,
/// φᵢ = Δ/n + (bᵢ − b̄)/d with bᵢ = E[zᵢ(f(z) − f(∅))] and Δ = f(x) − f(∅), so efficiency holds by construction and
/// each pair gives an independent estimate: the per-word standard error is their spread / √pairs. A pair's two
/// coalitions together cost 2 evaluations and cancel the common part of f, which is what makes it converge faster
/// than single coalitions. The values move with the seed.
/// </summary>
public sealed class KernelShapEstimator : IShapEstimator
{
    /// <inheritdoc />
    public ShapExplanation Estimate(MaskedSentence sentence, SentenceScores scores, int budget, int seed, CoalitionScorer scorer, CoalitionSamples? record)
    {
        var n = sentence.Count;
        var values = new double[n];
        var errors = new double[n];
        var samples = (budget - 2) / 2;
        KernelValues(sentence, scores, samples, seed, values, errors, scorer, record);
        var used = 2 + 2 * samples;
        return new ShapExplanation(sentence.Attribute(values, errors), scores.Full, scores.Empty, false, samples, used);
    }

    private static void KernelValues(MaskedSentence sentence, SentenceScores scores, int pairs, int seed, double[] values, double[] errors, CoalitionScorer scorer, CoalitionSamples? record)
    {
        var n = sentence.Count;
        // Size distribution of the Shapley kernel, and the off-diagonal second moment c = E[zᵢzⱼ]; the diagonal is ½.
        var cumulative = new double[n];
        double total = 0, c = 0;
        for (var s = 1; s < n; s++) total += 1.0 / (s * (n - s));
        for (var s = 1; s < n; s++)
        {
            var p = 1.0 / (s * (n - s)) / total;
            cumulative[s] = cumulative[s - 1] + p;
            c += p * s * (s - 1) / ((double)n * (n - 1));
        }
        var d = 0.5 - c;
        var delta = (double)scores.Full - scores.Empty;

        var random = new Random(seed);
        var perRound = Math.Max(1, Math.Min(pairs, scorer.BatchSize / 2));
        var batch = new List<int[]>(perRound * 2);
        var masks = new bool[perRound * n];
        var complement = new bool[n];
        var index = new int[n];
        var sum = new double[n];
        var sumSquares = new double[n];
        var estimate = new double[n];
        for (var done = 0; done < pairs;)
        {
            var count = Math.Min(perRound, pairs - done);
            batch.Clear();
            for (var p = 0; p < count; p++)
            {
                var mask = masks.AsSpan(p * n, n);
                var u = random.NextDouble();
                var size = 1;
                while (size < n - 1 && cumulative[size] < u) size++;
                for (var i = 0; i < n; i++) index[i] = i;
                mask.Clear();
                for (var k = 0; k < size; k++)
                {
                    var pick = random.Next(k, n);
                    (index[k], index[pick]) = (index[pick], index[k]);
                    mask[index[k]] = true;
                }
                for (var i = 0; i < n; i++) complement[i] = !mask[i];
                batch.Add(sentence.Build(mask));
                batch.Add(sentence.Build(complement));
            }
            var result = scorer.Score(batch);
            for (var p = 0; p < count; p++)
            {
                var mask = masks.AsSpan(p * n, n);
                double inside = result[2 * p] - scores.Empty, outside = result[2 * p + 1] - scores.Empty;
                if (record is not null)
                {
                    for (var i = 0; i < n; i++) complement[i] = !mask[i];
                    record.Add(mask, result[2 * p]);
                    record.Add(complement, result[2 * p + 1]);
                }
                // This pair's estimate: hᵢ = ½(zᵢ·(f(z)−f(∅)) + (1−zᵢ)·(f(z̄)−f(∅))), φᵢ = Δ/n + (hᵢ − h̄)/d.
                double mean = 0;
                for (var i = 0; i < n; i++)
                {
                    estimate[i] = 0.5 * (mask[i] ? inside : outside);
                    mean += estimate[i];
                }
                mean /= n;
                for (var i = 0; i < n; i++)
                {
                    var phi = delta / n + (estimate[i] - mean) / d;
                    sum[i] += phi;
                    sumSquares[i] += phi * phi;
                }
            }
            done += count;
        }
        IndependentEstimates.Summarise(values, errors, sum, sumSquares, pairs);
    }
}
