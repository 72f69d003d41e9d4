namespace BiasApp.Core.Batches;

/// <summary>Stereotype rates with Wilson score intervals.</summary>
public static class BatchStatistics
{
    /// <summary>Name of the all-rows rate.</summary>
    public const string OverallGroup = "(all)";

    /// <summary>Group name given to rows whose group is missing or blank.</summary>
    public const string UngroupedGroup = "(none)";

    /// <summary>z for a two-sided 95% interval.</summary>
    public const double Z95 = 1.959963984540054;

    /// <summary>
    /// The Wilson score interval for <paramref name="successes"/> out of <paramref name="trials"/>
    /// (default z: 95%). For no trials it is the uninformative [0, 1].
    /// </summary>
    public static ProportionInterval Wilson(int successes, int trials, double z = Z95)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(successes);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(successes, trials);
        if (trials == 0) return new ProportionInterval(0, 1);
        double n = trials;
        var p = successes / n;
        var z2 = z * z;
        var denominator = 1 + z2 / n;
        var centre = (p + z2 / (2 * n)) / denominator;
        var half = z * Math.Sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / denominator;
        // Clamp the rounding noise at p = 0 or 1, where the exact bound is 0 or 1.
        return new ProportionInterval(
            successes == 0 ? 0 : Math.Max(0, centre - half),
            successes == trials ? 1 : Math.Min(1, centre + half));
    }

    /// <summary>A <see cref="GroupRate"/> for <paramref name="flagged"/> of <paramref name="rows"/>.</summary>
    public static GroupRate Rate(string group, int rows, int flagged)
    {
        var interval = Wilson(flagged, rows);
        return new GroupRate(group, rows, flagged, rows == 0 ? 0 : (double)flagged / rows, interval.Lower, interval.Upper);
    }

    /// <summary>The kinds with a rate in <see cref="BatchSummary.Kinds"/>: every kind but none.</summary>
    public static readonly IReadOnlyList<string> RatedKinds = [Analysis.Kinds.Stereotype, Analysis.Kinds.Portrayal, Analysis.Kinds.Reported];

    /// <summary>
    /// <see cref="BatchSummary.Kinds"/> of <paramref name="rows"/> (group, the kinds of its sentences): per kind, overall and
    /// per group (sorted by name, ordinal), the rows with at least one sentence of that kind.
    /// </summary>
    public static IReadOnlyList<KindRate> KindRates(IReadOnlyCollection<(string? Group, IReadOnlyCollection<string> Kinds)> rows)
    {
        // The rows of each group, read once; the overall "group" first.
        var groups = rows.GroupBy(r => GroupKey(r.Group)).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => (Group: g.Key, Rows: (IReadOnlyCollection<(string? Group, IReadOnlyCollection<string> Kinds)>)g.ToList()))
            .Prepend((OverallGroup, rows)).ToArray();
        var rates = new List<KindRate>();
        foreach (var kind in RatedKinds)
        {
            foreach (var (group, inGroup) in groups)
            {
                var count = inGroup.Count(r => r.Kinds.Contains(kind));
                var interval = Wilson(count, inGroup.Count);
                rates.Add(new KindRate(kind, group, inGroup.Count, count, inGroup.Count == 0 ? 0 : (double)count / inGroup.Count, interval.Lower, interval.Upper));
            }
        }
        return rates;
    }

    private static string GroupKey(string? group) => string.IsNullOrWhiteSpace(group) ? UngroupedGroup : group.Trim();

    /// <summary>Overall and per-group rates of <paramref name="rows"/> (group, flagged); groups sorted by name (ordinal).</summary>
    public static BatchSummary Summarize(IEnumerable<(string? Group, bool Flagged)> rows)
    {
        var counts = new SortedDictionary<string, (int Rows, int Flagged)>(StringComparer.Ordinal);
        int total = 0, flagged = 0;
        foreach (var (group, isFlagged) in rows)
        {
            var key = GroupKey(group);
            counts.TryGetValue(key, out var c);
            counts[key] = (c.Rows + 1, c.Flagged + (isFlagged ? 1 : 0));
            total++;
            if (isFlagged) flagged++;
        }
        return new BatchSummary(Rate(OverallGroup, total, flagged), counts.Select(kv => Rate(kv.Key, kv.Value.Rows, kv.Value.Flagged)).ToList());
    }

    /// <summary>
    /// <see cref="Summarize(IEnumerable{ValueTuple{string, bool}})"/> plus, when <paramref name="compareColumn"/> is set, the
    /// comparison of the rows' compare values (<see cref="CompareStatistics.Compare"/>).
    /// </summary>
    public static BatchSummary Summarize(IReadOnlyCollection<(string? Group, string? Compare, bool Flagged)> rows, string? compareColumn)
    {
        var summary = Summarize(rows.Select(r => (r.Group, r.Flagged)));
        return string.IsNullOrEmpty(compareColumn) ? summary
            : summary.WithComparison(compareColumn, CompareStatistics.Compare(rows.Select(r => (r.Compare, r.Group, r.Flagged))));
    }
}
