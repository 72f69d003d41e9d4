namespace BiasApp.Batches;

/// <summary>One input row to score, with where it came from.</summary>
/// <param name="Index">Zero-based position among the rows to score.</param>
/// <param name="SourceRow">Its number in the uploaded file (CSV: the header is row 1; text and JSON lines: the line number).</param>
/// <param name="Text">The text, trimmed.</param>
/// <param name="Group">Optional social group.</param>
/// <param name="Columns">Pass-through column values by column name; null when none were chosen.</param>
public sealed record BatchUploadRow(int Index, int SourceRow, string Text, string? Group = null, IReadOnlyDictionary<string, string>? Columns = null);

/// <summary>Why an input row was not scored.</summary>
public static class SkipReasons
{
    /// <summary>The text is empty or whitespace.</summary>
    public const string Blank = "blank";

    /// <summary>The text is longer than <c>Analysis:MaxTextLength</c>.</summary>
    public const string TooLong = "too_long";
}

/// <summary>An input row that was not scored: its number in the file and <see cref="SkipReasons">why</see>.</summary>
public sealed record SkippedRow(int Row, string Reason);

/// <summary>A parsed upload: the rows to score, the skipped ones and the columns carried into results.</summary>
/// <param name="Rows">Rows to score, in file order.</param>
/// <param name="SkippedCount">Rows not scored (blank or too long).</param>
/// <param name="Skipped">The first <see cref="MaxSkippedListed"/> of them.</param>
/// <param name="PassThroughColumns">Input columns carried into results and exports, in file order.</param>
public sealed record BatchUpload(IReadOnlyList<BatchUploadRow> Rows, int SkippedCount, IReadOnlyList<SkippedRow> Skipped, IReadOnlyList<string> PassThroughColumns)
{
    /// <summary>Most skipped rows listed by number (all are counted).</summary>
    public const int MaxSkippedListed = 1_000;
}

/// <summary>What a CSV column holds, to pick the text column and warn about a label-like one.</summary>
/// <param name="Name">Header name.</param>
/// <param name="Values">Non-blank values.</param>
/// <param name="Distinct">Distinct non-blank values (case-insensitive), counted up to a little over 1,000.</param>
/// <param name="SingleWord">Values without whitespace.</param>
/// <param name="AverageLength">Mean length of the non-blank values.</param>
public sealed record CsvColumnProfile(string Name, int Values, int Distinct, int SingleWord, double AverageLength)
{
    /// <summary>Below this many values the distinct-value test says nothing.</summary>
    public const int MinValuesForDistinctTest = 10;

    /// <summary>
    /// Why the column looks like a label rather than text: more than half its values are one word, or (from
    /// <see cref="MinValuesForDistinctTest"/> values) each distinct value appears five times or more on average. Null when it looks like text.
    /// </summary>
    public string? LabelWarning =>
        Values == 0 ? $"Column '{Name}' is empty."
        : SingleWord * 2 > Values ? $"Column '{Name}' looks like a label, not text: {SingleWord:N0} of its {Values:N0} values are a single word."
        : Values >= MinValuesForDistinctTest && Distinct * 5 <= Values ? $"Column '{Name}' looks like a label, not text: it has only {Distinct:N0} distinct values in {Values:N0} rows."
        : null;
}

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
