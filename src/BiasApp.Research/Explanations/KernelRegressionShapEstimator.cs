using BiasApp.Core.Explanations;

namespace BiasApp.Research.Explanations;

/// <summary>
/// Kernel SHAP as a weighted least-squares fit (the Python shap library's KernelExplainer), with the two variance cuts
/// of the shap library and Covert &amp; Lee (2021): the coalitions of the outermost sizes are all scored, with their
/// exact kernel weight (sizes 1 and n−1 always, 30% of the kernel's weight at n = 20; then 2 and n−2 and so on while
/// the budget left would draw that many of them anyway); the rest of the budget draws coalitions of the inner sizes from
/// the kernel, each with its complement, and they share the remaining weight equally. φ minimises
/// Σ w(z)(f(z) − f(∅) − Σ_{i∈z} φᵢ)² subject to Σ φᵢ = f(x) − f(∅) (a Lagrange multiplier), so efficiency holds by
/// construction. The per-word standard error is the spread of φ over 32 bootstrap resamples of the drawn pairs (the
/// enumerated coalitions stay in every resample). Needs n ≥ 4 and a budget of at least 2n + 4; below that it falls
/// back to <see cref="PermutationShapEstimator"/>. The values move with the seed.
/// </summary>
public sealed class KernelRegressionShapEstimator : IShapEstimator
{
    private static readonly PermutationShapEstimator Fallback = new();

    /// <inheritdoc />
    public ShapExplanation Estimate(MaskedSentence sentence, SentenceScores scores, int budget, int seed, CoalitionScorer scorer, CoalitionSamples? record)
    {
        var n = sentence.Count;
        if (budget < 2 * n + 4 || n < 4) return Fallback.Estimate(sentence, scores, budget, seed, scorer, record);
        var values = new double[n];
        var errors = new double[n];
        var (samples, used) = KernelRegressionValues(sentence, scores, budget, seed, values, errors, scorer, record);
        var enumerated = Array.TrueForAll(errors, e => e == 0);
        return new ShapExplanation(sentence.Attribute(values, enumerated ? default : errors), scores.Full, scores.Empty, false, samples, used);
    }

    /// <summary>Returns (pairs drawn, evaluations used).</summary>
    private static (int Samples, int Used) KernelRegressionValues(MaskedSentence sentence, SentenceScores scores, int budget, int seed, double[] values, double[] errors, CoalitionScorer scorer, CoalitionSamples? record)
    {
        var n = sentence.Count;
        // Kernel mass of size s, summed over its C(n, s) coalitions: (n − 1) / (s (n − s)).
        double Mass(int size) => (n - 1.0) / (size * (n - size));
        // Sizes s and n − s are enumerated together, from the outside in, while the budget left would draw at least as
        // many coalitions of that pair under the kernel as it has (the shap library's rule); sizes 1 and n − 1 always.
        var fixedMasks = new List<bool[]>();
        var fixedWeights = new List<double>();
        var left = budget - 2;
        double rest = 0;
        for (var size = 1; size <= n - 1; size++) rest += Mass(size);
        var inner = 1; // sizes inner … n − inner are drawn
        for (var size = 1; size <= n / 2; size++)
        {
            var both = size != n - size;
            var subsets = Binomial(n, size) * (both ? 2 : 1);
            var mass = Mass(size) * (both ? 2 : 1);
            if (size > 1 && (subsets > left || left * mass / rest < subsets)) break;
            foreach (var subset in Subsets(n, size))
            {
                fixedMasks.Add(subset);
                fixedWeights.Add(Mass(size) / Binomial(n, size));
                if (!both) continue;
                var complement = new bool[n];
                for (var i = 0; i < n; i++) complement[i] = !subset[i];
                fixedMasks.Add(complement);
                fixedWeights.Add(Mass(size) / Binomial(n, size));
            }
            left -= (int)subsets;
            rest -= mass;
            inner = size + 1;
        }
        var pairs = inner <= n - inner ? left / 2 : 0;
        var fixedRows = fixedMasks.Count;
        var rows = fixedRows + 2 * pairs;
        var masks = new bool[rows * n];
        var weights = new double[rows];
        for (var r = 0; r < fixedRows; r++)
        {
            fixedMasks[r].CopyTo(masks, r * n);
            weights[r] = fixedWeights[r];
        }
        var cumulative = new double[n];
        for (var size = inner; size <= n - inner; size++) cumulative[size] = cumulative[size - 1] + Mass(size) / rest;
        var random = new Random(seed);
        var index = new int[n];
        for (var p = 0; p < pairs; p++)
        {
            var row = masks.AsSpan((fixedRows + 2 * p) * n, n);
            var u = random.NextDouble();
            var size = inner;
            while (size < n - inner && cumulative[size] < u) size++;
            for (var i = 0; i < n; i++) index[i] = i;
            for (var k = 0; k < size; k++)
            {
                var pick = random.Next(k, n);
                (index[k], index[pick]) = (index[pick], index[k]);
                row[index[k]] = true;
            }
            var complement = masks.AsSpan((fixedRows + 2 * p + 1) * n, n);
            for (var i = 0; i < n; i++) complement[i] = !row[i];
            weights[fixedRows + 2 * p] = weights[fixedRows + 2 * p + 1] = rest / (2.0 * pairs);
        }

        var y = new double[rows];
        var batch = new List<int[]>(Math.Min(scorer.BatchSize, rows));
        for (var start = 0; start < rows; start += scorer.BatchSize)
        {
            batch.Clear();
            var count = Math.Min(scorer.BatchSize, rows - start);
            for (var r = 0; r < count; r++) batch.Add(sentence.Build(masks.AsSpan((start + r) * n, n)));
            var result = scorer.Score(batch);
            for (var r = 0; r < count; r++)
            {
                y[start + r] = result[r] - scores.Empty;
                record?.Add(masks.AsSpan((start + r) * n, n), result[r]);
            }
        }

        var delta = (double)scores.Full - scores.Empty;
        var multiplicity = new double[rows];
        Array.Fill(multiplicity, 1.0);
        SolveConstrained(masks, n, y, weights, multiplicity, delta, values);
        if (pairs == 0 && inner > n - inner) return (0, 2 + rows); // every size enumerated: exact
        if (pairs < 2)
        {
            for (var i = 0; i < n; i++) errors[i] = Math.Abs(values[i]);
            return (pairs, 2 + rows);
        }
        // Bootstrap over the drawn pairs: a resample reweights each pair by how often it was drawn.
        const int Resamples = 32;
        var bootstrap = new Random(seed ^ 0x5EED);
        var replicate = new double[n];
        var sum = new double[n];
        var sumSquares = new double[n];
        for (var b = 0; b < Resamples; b++)
        {
            Array.Fill(multiplicity, 1.0, 0, fixedRows);
            Array.Clear(multiplicity, fixedRows, 2 * pairs);
            for (var k = 0; k < pairs; k++)
            {
                var p = bootstrap.Next(pairs);
                multiplicity[fixedRows + 2 * p] += 1;
                multiplicity[fixedRows + 2 * p + 1] += 1;
            }
            Array.Clear(replicate);
            SolveConstrained(masks, n, y, weights, multiplicity, delta, replicate);
            for (var i = 0; i < n; i++)
            {
                sum[i] += replicate[i];
                sumSquares[i] += replicate[i] * replicate[i];
            }
        }
        for (var i = 0; i < n; i++)
        {
            var mean = sum[i] / Resamples;
            errors[i] = Math.Sqrt(Math.Max(0, sumSquares[i] / Resamples - mean * mean));
        }
        return (pairs, 2 + rows);
    }

    private static double Binomial(int n, int k)
    {
        double result = 1;
        for (var i = 1; i <= k; i++) result = result * (n - k + i) / i;
        return Math.Round(result);
    }

    /// <summary>Every subset of <paramref name="size"/> of n words, as visibility flags, in lexicographic order.</summary>
    private static IEnumerable<bool[]> Subsets(int n, int size)
    {
        var chosen = new int[size];
        for (var i = 0; i < size; i++) chosen[i] = i;
        while (true)
        {
            var mask = new bool[n];
            foreach (var i in chosen) mask[i] = true;
            yield return mask;
            var k = size - 1;
            while (k >= 0 && chosen[k] == n - size + k) k--;
            if (k < 0) yield break;
            chosen[k]++;
            for (var j = k + 1; j < size; j++) chosen[j] = chosen[j - 1] + 1;
        }
    }

    /// <summary>
    /// φ = argmin Σ w m (y − z·φ)² subject to Σφ = <paramref name="delta"/>: with A = Σ w m z zᵀ and b = Σ w m y z,
    /// φ = A⁻¹(b − ν1) where ν makes the sum come out (A is positive definite: every size-1 coalition is a row).
    /// </summary>
    private static void SolveConstrained(bool[] masks, int n, double[] y, double[] weights, double[] multiplicity, double delta, double[] phi)
    {
        var a = new double[n * n];
        var b = new double[n];
        for (var r = 0; r < y.Length; r++)
        {
            var w = weights[r] * multiplicity[r];
            if (w == 0) continue;
            var row = masks.AsSpan(r * n, n);
            for (var i = 0; i < n; i++)
            {
                if (!row[i]) continue;
                b[i] += w * y[r];
                for (var j = 0; j <= i; j++) if (row[j]) a[i * n + j] += w;
            }
        }
        var ones = new double[n];
        Array.Fill(ones, 1.0);
        Cholesky.Factor(a, n);
        var ainvB = Cholesky.Solve(a, b, n);
        var ainvOnes = Cholesky.Solve(a, ones, n);
        double sb = 0, s1 = 0;
        for (var i = 0; i < n; i++)
        {
            sb += ainvB[i];
            s1 += ainvOnes[i];
        }
        var nu = (sb - delta) / s1;
        for (var i = 0; i < n; i++) phi[i] = ainvB[i] - nu * ainvOnes[i];
    }
}
