namespace BiasApp.Batches;

/// <summary>The start of a CSV and a profile of its columns.</summary>
/// <param name="Header">Column names.</param>
/// <param name="FirstRows">The first data rows (blank ones too), one value per header column.</param>
/// <param name="Columns">One profile per header column.</param>
/// <param name="Rows">Data rows, blank ones included: the rows to score plus the skipped ones.</param>
public sealed record CsvPreview(IReadOnlyList<string> Header, IReadOnlyList<IReadOnlyList<string>> FirstRows, IReadOnlyList<CsvColumnProfile> Columns, int Rows)
{
    /// <summary>A column named <c>text</c> (any case), else the one with the longest values on average.</summary>
    public string DefaultTextColumn =>
        Header.FirstOrDefault(h => h.Trim().Equals("text", StringComparison.OrdinalIgnoreCase))
        ?? Columns.OrderByDescending(c => c.AverageLength).First().Name;

    /// <summary>A column named <c>group</c> (any case), else null.</summary>
    public string? DefaultGroupColumn => Header.FirstOrDefault(h => h.Trim().Equals("group", StringComparison.OrdinalIgnoreCase));

    /// <summary>The <see cref="CsvColumnProfile.LabelWarning"/> of <paramref name="column"/>; null for none or an unknown column.</summary>
    public string? LabelWarning(string? column) => Columns.FirstOrDefault(c => c.Name == column)?.LabelWarning;
}
