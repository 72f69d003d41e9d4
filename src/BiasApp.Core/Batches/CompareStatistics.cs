using MathNet.Numerics;

namespace BiasApp.Core.Batches;

/// <summary>
/// Compares the stereotype rates of the values of one column (a source: an LLM, an author, a quarter): per-value rates with
/// Wilson intervals, a value × group matrix, a chi-square test of independence of value and flagged, and pairwise
/// two-proportion z-tests with Holm's correction. Pure functions; p-values from MathNet.Numerics.
/// </summary>
public static class CompareStatistics
{
    /// <summary>Most distinct values a compare column may have: the pairwise tests grow with the square of it.</summary>
    public const int MaxValues = 50;

    /// <summary>Family-wise significance level of the Holm-corrected pairwise tests.</summary>
    public const double Alpha = 0.05;

    /// <summary>
    /// Pearson's chi-square test of independence on a contingency table (rows × columns of counts), without continuity
    /// correction. Rows or columns whose total is 0 are dropped first. Null when fewer than two rows or two columns remain:
    /// with one value, or when every row or none is flagged, there is nothing to test.
    /// </summary>
    public static ChiSquareTest? ChiSquareIndependence(int[,] table)
    {
        ArgumentNullException.ThrowIfNull(table);
        var rowTotals = Enumerable.Range(0, table.GetLength(0)).Select(i => Enumerable.Range(0, table.GetLength(1)).Sum(j => (double)table[i, j])).ToArray();
        var columnTotals = Enumerable.Range(0, table.GetLength(1)).Select(j => Enumerable.Range(0, table.GetLength(0)).Sum(i => (double)table[i, j])).ToArray();
        var rows = Enumerable.Range(0, rowTotals.Length).Where(i => rowTotals[i] > 0).ToArray();
        var columns = Enumerable.Range(0, columnTotals.Length).Where(j => columnTotals[j] > 0).ToArray();
        if (rows.Length < 2 || columns.Length < 2) return null;
        var total = rows.Sum(i => rowTotals[i]);
        double statistic = 0, minExpected = double.MaxValue;
        foreach (var i in rows)
        {
            foreach (var j in columns)
            {
                var expected = rowTotals[i] * columnTotals[j] / total;
                minExpected = Math.Min(minExpected, expected);
                var difference = table[i, j] - expected;
                statistic += difference * difference / expected;
            }
        }
        var df = (rows.Length - 1) * (columns.Length - 1);
        return new ChiSquareTest(statistic, df, ChiSquareSurvival(statistic, df), minExpected);
    }

    /// <summary>P(X ≥ <paramref name="statistic"/>) for X chi-square with <paramref name="df"/> degrees of freedom.</summary>
    public static double ChiSquareSurvival(double statistic, int df)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(df, 1);
        // The upper regularized gamma keeps its precision for tiny p-values, where 1 − CDF would round to 0.
        return statistic <= 0 ? 1 : SpecialFunctions.GammaUpperRegularized(df / 2.0, statistic / 2);
    }

    /// <summary>
    /// Two-sided two-proportion z-test with the pooled proportion: z = (p₁ − p₂) / √(p(1 − p)(1/n₁ + 1/n₂)). When the pooled
    /// proportion is 0 or 1 (no row or every row flagged in both) there is no difference to find: z = 0, p = 1.
    /// </summary>
    public static (double Z, double PValue) TwoProportionZ(int flagged1, int rows1, int flagged2, int rows2)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(rows1, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(rows2, 1);
        var pooled = (double)(flagged1 + flagged2) / (rows1 + rows2);
        var se = Math.Sqrt(pooled * (1 - pooled) * (1.0 / rows1 + 1.0 / rows2));
        if (se == 0) return (0, 1);
        var z = ((double)flagged1 / rows1 - (double)flagged2 / rows2) / se;
        return (z, SpecialFunctions.Erfc(Math.Abs(z) / Math.Sqrt(2)));
    }

    /// <summary>
    /// Holm's step-down adjusted p-values, in the order given: sorted ascending, the i-th smallest (from 0) of m becomes
    /// max over j ≤ i of min(1, (m − j)·p₍ⱼ₎). Reject where the adjusted value is below α.
    /// </summary>
    public static double[] Holm(IReadOnlyList<double> pValues)
    {
        ArgumentNullException.ThrowIfNull(pValues);
        var m = pValues.Count;
        var order = Enumerable.Range(0, m).OrderBy(i => pValues[i]).ThenBy(i => i).ToArray();
        var adjusted = new double[m];
        var running = 0.0;
        for (var rank = 0; rank < m; rank++)
        {
            running = Math.Max(running, Math.Min(1, (m - rank) * pValues[order[rank]]));
            adjusted[order[rank]] = running;
        }
        return adjusted;
    }

    /// <summary>
    /// The comparison of <paramref name="rows"/> (compare value, group, flagged) by value. Blank values and groups become
    /// <see cref="BatchStatistics.UngroupedGroup"/>; values and groups sorted by name (ordinal). Pairs are ordered by their
    /// Holm-adjusted p-value, each with its higher rate first.
    /// </summary>
    public static SourceComparison Compare(IEnumerable<(string? Value, string? Group, bool Flagged)> rows)
    {
        var values = new SortedDictionary<string, (int Rows, int Flagged)>(StringComparer.Ordinal);
        var cells = new SortedDictionary<(string Value, string Group), (int Rows, int Flagged)>(
            Comparer<(string Value, string Group)>.Create((a, b) =>
                string.CompareOrdinal(a.Value, b.Value) is var c and not 0 ? c : string.CompareOrdinal(a.Group, b.Group)));
        foreach (var (rawValue, rawGroup, flagged) in rows)
        {
            var value = Key(rawValue);
            var group = Key(rawGroup);
            values.TryGetValue(value, out var v);
            values[value] = (v.Rows + 1, v.Flagged + (flagged ? 1 : 0));
            cells.TryGetValue((value, group), out var cell);
            cells[(value, group)] = (cell.Rows + 1, cell.Flagged + (flagged ? 1 : 0));
        }

        var rates = values.Select(kv => CompareRate.Of(kv.Key, kv.Value.Rows, kv.Value.Flagged)).ToList();
        var table = new int[rates.Count, 2];
        for (var i = 0; i < rates.Count; i++)
        {
            table[i, 0] = rates[i].Flagged;
            table[i, 1] = rates[i].Rows - rates[i].Flagged;
        }

        var pairs = new List<(CompareRate High, CompareRate Low, double Z, double P)>();
        for (var i = 0; i < rates.Count; i++)
        {
            for (var j = i + 1; j < rates.Count; j++)
            {
                var (a, b) = rates[i].Rate >= rates[j].Rate ? (rates[i], rates[j]) : (rates[j], rates[i]);
                var (z, p) = TwoProportionZ(a.Flagged, a.Rows, b.Flagged, b.Rows);
                pairs.Add((a, b, z, p));
            }
        }
        var holm = Holm(pairs.Select(p => p.P).ToArray());
        var pairwise = pairs.Select((p, i) => new PairwiseComparison(p.High.Value, p.Low.Value, p.High.Rate - p.Low.Rate, p.Z, p.P, holm[i], holm[i] < Alpha))
            .OrderBy(p => p.PHolm).ThenByDescending(p => p.Difference).ThenBy(p => p.Higher, StringComparer.Ordinal).ThenBy(p => p.Lower, StringComparer.Ordinal)
            .ToList();

        var matrix = cells.Select(kv =>
        {
            var interval = BatchStatistics.Wilson(kv.Value.Flagged, kv.Value.Rows);
            return new CompareCell(kv.Key.Value, kv.Key.Group, kv.Value.Rows, kv.Value.Flagged, (double)kv.Value.Flagged / kv.Value.Rows, interval.Lower, interval.Upper);
        }).ToList();

        return new SourceComparison(rates, ChiSquareIndependence(table), pairwise, matrix);
    }

    private static string Key(string? value) => string.IsNullOrWhiteSpace(value) ? BatchStatistics.UngroupedGroup : value.Trim();
}

/// <summary>Pearson's chi-square test of independence.</summary>
/// <param name="ChiSquare">The statistic, Σ (observed − expected)² / expected.</param>
/// <param name="Df">Degrees of freedom, (rows − 1)(columns − 1) of the table without empty rows and columns.</param>
/// <param name="PValue">P(χ²(df) ≥ statistic).</param>
/// <param name="MinExpected">The smallest expected count; below 5 the chi-square approximation is rough.</param>
public sealed record ChiSquareTest(double ChiSquare, int Df, double PValue, double MinExpected);

/// <summary>The stereotype rate of one value of the compare column.</summary>
/// <param name="Value">The value; <see cref="BatchStatistics.UngroupedGroup"/> for rows where it is blank.</param>
/// <param name="Rows">Rows with the value.</param>
/// <param name="Flagged">Of them, rows flagged.</param>
/// <param name="Rate">Flagged / Rows.</param>
/// <param name="CiLow">Wilson 95% lower bound.</param>
/// <param name="CiHigh">Wilson 95% upper bound.</param>
public sealed record CompareRate(string Value, int Rows, int Flagged, double Rate, double CiLow, double CiHigh)
{
    /// <summary>The rate of <paramref name="flagged"/> of <paramref name="rows"/> with its Wilson 95% interval.</summary>
    public static CompareRate Of(string value, int rows, int flagged)
    {
        var interval = BatchStatistics.Wilson(flagged, rows);
        return new CompareRate(value, rows, flagged, rows == 0 ? 0 : (double)flagged / rows, interval.Lower, interval.Upper);
    }
}

/// <summary>One two-proportion z-test between two values, the one with the higher rate first.</summary>
/// <param name="Higher">The value with the higher rate (the first of the two on a tie).</param>
/// <param name="Lower">The other value.</param>
/// <param name="Difference">Rate of <paramref name="Higher"/> minus rate of <paramref name="Lower"/>, ≥ 0.</param>
/// <param name="Z">The z statistic (pooled standard error), ≥ 0.</param>
/// <param name="PValue">Two-sided p-value, uncorrected.</param>
/// <param name="PHolm">Holm-adjusted p-value over all pairs of the batch.</param>
/// <param name="Significant">True when <paramref name="PHolm"/> is below <see cref="CompareStatistics.Alpha"/> (0.05).</param>
public sealed record PairwiseComparison(string Higher, string Lower, double Difference, double Z, double PValue, double PHolm, bool Significant);

/// <summary>The rate of one value within one group: a cell of the value × group matrix.</summary>
public sealed record CompareCell(string Value, string Group, int Rows, int Flagged, double Rate, double CiLow, double CiHigh);

/// <summary>Everything the comparison of a batch's compare column gives.</summary>
/// <param name="Rates">Per value, sorted by value (ordinal).</param>
/// <param name="Test">Chi-square test of value × flagged; null with fewer than two values, or when every row or none is flagged.</param>
/// <param name="Pairs">Every pair of values, by Holm-adjusted p-value.</param>
/// <param name="Matrix">Value × group cells that have rows, by value then group.</param>
public sealed record SourceComparison(IReadOnlyList<CompareRate> Rates, ChiSquareTest? Test, IReadOnlyList<PairwiseComparison> Pairs, IReadOnlyList<CompareCell> Matrix);
