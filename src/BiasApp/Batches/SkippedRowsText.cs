namespace BiasApp.Batches;

/// <summary>How the batch page lists skipped rows: "3 rows skipped: row 4 (blank), row 9 (too long), …".</summary>
public static class SkippedRowsText
{
    /// <summary>The first 20 of <paramref name="listed"/>, with <paramref name="count"/> skipped rows in all.</summary>
    public static string Describe(int count, IReadOnlyList<SkippedRow> listed)
    {
        const int shown = 20;
        var rows = string.Join(", ", listed.Take(shown).Select(r => $"row {r.Row:N0} ({(r.Reason == SkipReasons.TooLong ? "too long" : r.Reason)})"));
        return $"{count:N0} {(count == 1 ? "row" : "rows")} skipped: {rows}{(count > Math.Min(shown, listed.Count) ? ", …" : "")}";
    }
}
