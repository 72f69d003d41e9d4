namespace BiasApp.Core.Explanations;

/// <summary>
/// LIME for text as in <c>lime.lime_text.LimeTextExplainer</c>: the first sample is the sentence itself, every other
/// sample masks a uniformly drawn number (1…n−1) of uniformly chosen words. Each sample z is weighted by the kernel
/// √exp(−d²/w²), d being the cosine distance between z and the all-visible vector, and a weighted ridge regression with
/// an unpenalised intercept is fitted to the scores. Unlike LIME's default, every word gets a weight (no feature
/// selection), so the heatmap covers the whole sentence.
/// The normal equations are solved by a hand-written Cholesky factorisation: with at most 64 features the system is
/// tiny (≤ 64×64), so a BLAS or numerics package would add a dependency and no speed.
/// </summary>
public sealed class LimeExplainer
{
    private readonly IBatchScorer _scorer;
    private readonly int _batchSize;
    private readonly double _kernelWidth;
    private readonly double _ridgeAlpha;

    /// <param name="scorer">The model.</param>
    /// <param name="batchSize">Samples per scorer call. Default 64.</param>
    /// <param name="kernelWidth">Kernel width on the cosine distance. Default 0.25 (LIME's text default of 25 on distances ×100).</param>
    /// <param name="ridgeAlpha">Ridge penalty. Default 1, as LIME's <c>Ridge(alpha=1)</c>.</param>
    public LimeExplainer(IBatchScorer scorer, int batchSize = 64, double kernelWidth = 0.25, double ridgeAlpha = 1.0)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(kernelWidth);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(ridgeAlpha);
        _scorer = scorer;
        _batchSize = batchSize;
        _kernelWidth = kernelWidth;
        _ridgeAlpha = ridgeAlpha;
    }

    /// <summary>Explains <paramref name="sentence"/>.</summary>
    /// <param name="sentence">The words and their masking.</param>
    /// <param name="samples">Samples, the unperturbed sentence included (at least 2); this is the evaluation budget.</param>
    /// <param name="seed">Seed of the mask sampler; the same seed gives the same weights.</param>
    /// <param name="cancellationToken">Checked before every scorer call.</param>
    /// <param name="known">f(x) and f(∅) when the caller already has them; f(x) is then not scored again.</param>
    public LimeExplanation Explain(MaskedSentence sentence, int samples, int seed, CancellationToken cancellationToken = default, SentenceScores? known = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(samples, 2);
        var n = sentence.Count;
        if (n <= 1) return Trivial(sentence, known ?? sentence.ScoreEnds(_scorer, cancellationToken));

        var masks = new bool[samples * n];
        var y = new double[samples];
        var random = new Random(seed);
        var indices = new int[n];
        masks.AsSpan(0, n).Fill(true);
        for (var s = 1; s < samples; s++)
        {
            var row = masks.AsSpan(s * n, n);
            row.Fill(true);
            for (var i = 0; i < n; i++) indices[i] = i;
            var remove = random.Next(1, n);
            for (var r = 0; r < remove; r++)
            {
                var pick = random.Next(r, n);
                (indices[r], indices[pick]) = (indices[pick], indices[r]);
                row[indices[r]] = false;
            }
        }

        var first = 0;
        if (known is { } k)
        {
            y[0] = k.Full;
            first = 1;
        }
        var capacity = Math.Max(1, Math.Min(_batchSize, samples - first));
        var batch = new List<int[]>(capacity);
        for (var start = first; start < samples; start += capacity)
        {
            batch.Clear();
            var count = Math.Min(capacity, samples - start);
            for (var s = 0; s < count; s++) batch.Add(sentence.Build(masks.AsSpan((start + s) * n, n)));
            cancellationToken.ThrowIfCancellationRequested();
            var result = _scorer.Score(batch, cancellationToken);
            for (var s = 0; s < count; s++) y[start + s] = result[s];
        }

        return FitRows(sentence, masks, y);
    }

    /// <summary>One word (or none): the only perturbation is the baseline, and the weight is the whole difference.</summary>
    private static LimeExplanation Trivial(MaskedSentence sentence, SentenceScores scores) =>
        new(sentence.Attribute(sentence.Count == 1 ? [scores.Full - scores.Empty] : []), scores.Empty, 1, 2);

    /// <summary>
    /// Fits LIME on coalitions already scored (by <see cref="ShapExplainer"/>), scoring nothing: the rows are the
    /// sentence itself and every recorded coalition except the all-masked one, which LIME never samples.
    /// </summary>
    /// <param name="sentence">The words, as given to SHAP.</param>
    /// <param name="samples">The recorded coalitions.</param>
    /// <param name="scores">f(x) and f(∅).</param>
    public LimeExplanation Fit(MaskedSentence sentence, CoalitionSamples samples, SentenceScores scores)
    {
        var n = sentence.Count;
        if (samples.Words != n) throw new ArgumentException("Samples are of another sentence.", nameof(samples));
        if (n <= 1) return Trivial(sentence, scores);

        var masks = new bool[(samples.Count + 1) * n];
        var y = new double[samples.Count + 1];
        masks.AsSpan(0, n).Fill(true);
        y[0] = scores.Full;
        var rows = 1;
        for (var s = 0; s < samples.Count; s++)
        {
            var row = samples.Masks.Slice(s * n, n);
            if (!row.Contains(true)) continue;
            row.CopyTo(masks.AsSpan(rows * n));
            y[rows++] = samples.Scores[s];
        }
        return FitRows(sentence, masks.AsSpan(0, rows * n), y.AsSpan(0, rows));
    }

    private LimeExplanation FitRows(MaskedSentence sentence, ReadOnlySpan<bool> masks, ReadOnlySpan<double> y)
    {
        var n = sentence.Count;
        var weights = new double[y.Length];
        for (var s = 0; s < weights.Length; s++)
        {
            var visible = masks.Slice(s * n, n).Count(true);
            var distance = 1 - Math.Sqrt((double)visible / n);
            weights[s] = Math.Sqrt(Math.Exp(-distance * distance / (_kernelWidth * _kernelWidth)));
        }

        var fit = WeightedRidge.Fit(masks, n, y, weights, _ridgeAlpha);
        return new LimeExplanation(sentence.Attribute(fit.Coefficients), fit.Intercept, fit.RSquared, y.Length);
    }
}

/// <summary>Weighted ridge regression with an unpenalised intercept, on binary features.</summary>
internal static class WeightedRidge
{
    public readonly record struct Result(double[] Coefficients, double Intercept, double RSquared);

    /// <summary>Fits y ≈ intercept + x·β minimising Σ w (y − ŷ)² + alpha·|β|²; also returns the weighted R².</summary>
    /// <param name="x">Row-major rows × <paramref name="features"/> matrix of 0/1 features.</param>
    /// <param name="features">Columns of <paramref name="x"/>.</param>
    /// <param name="y">Target per row.</param>
    /// <param name="w">Sample weight per row.</param>
    /// <param name="alpha">Ridge penalty on β (not on the intercept), &gt; 0.</param>
    public static Result Fit(ReadOnlySpan<bool> x, int features, ReadOnlySpan<double> y, ReadOnlySpan<double> w, double alpha)
    {
        var rows = y.Length;
        var n = features;
        double weightSum = 0, yMean = 0;
        var xMean = new double[n];
        for (var r = 0; r < rows; r++)
        {
            weightSum += w[r];
            yMean += w[r] * y[r];
            for (var j = 0; j < n; j++) if (x[r * n + j]) xMean[j] += w[r];
        }
        yMean /= weightSum;
        for (var j = 0; j < n; j++) xMean[j] /= weightSum;

        // Centring by the weighted means makes the intercept drop out, as scikit-learn's Ridge does.
        var a = new double[n * n];
        var b = new double[n];
        var centred = new double[n];
        for (var r = 0; r < rows; r++)
        {
            for (var j = 0; j < n; j++) centred[j] = (x[r * n + j] ? 1 : 0) - xMean[j];
            var dy = y[r] - yMean;
            for (var i = 0; i < n; i++)
            {
                var wi = w[r] * centred[i];
                b[i] += wi * dy;
                for (var j = 0; j <= i; j++) a[i * n + j] += wi * centred[j];
            }
        }
        for (var i = 0; i < n; i++) a[i * n + i] += alpha;

        var beta = SolveCholesky(a, b, n);
        var intercept = yMean;
        for (var j = 0; j < n; j++) intercept -= xMean[j] * beta[j];

        double residual = 0, total = 0;
        for (var r = 0; r < rows; r++)
        {
            var predicted = intercept;
            for (var j = 0; j < n; j++) if (x[r * n + j]) predicted += beta[j];
            residual += w[r] * (y[r] - predicted) * (y[r] - predicted);
            total += w[r] * (y[r] - yMean) * (y[r] - yMean);
        }
        // A constant target is fitted perfectly (scikit-learn's r2_score answers 1 there as well).
        var r2 = total > 0 ? 1 - residual / total : residual == 0 ? 1 : 0;
        return new Result(beta, intercept, r2);
    }

    /// <summary>Solves A·x = b for symmetric positive definite A, of which only the lower triangle is read (A is overwritten).</summary>
    private static double[] SolveCholesky(double[] a, double[] b, int n)
    {
        Cholesky.Factor(a, n);
        return Cholesky.Solve(a, b, n);
    }
}
