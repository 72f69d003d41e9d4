namespace BiasApp.Batches;

/// <summary>One input row to score, with where it came from.</summary>
/// <param name="Index">Zero-based position among the rows to score.</param>
/// <param name="SourceRow">Its number in the uploaded file (CSV: the header is row 1; text and JSON lines: the line number).</param>
/// <param name="Text">The text, trimmed.</param>
/// <param name="Group">Optional social group.</param>
/// <param name="Columns">Pass-through column values by column name; null when none were chosen.</param>
/// <param name="Compare">The row's value in the compare column; null when there is none or it is blank.</param>
public sealed record BatchUploadRow(int Index, int SourceRow, string Text, string? Group = null, IReadOnlyDictionary<string, string>? Columns = null,
    string? Compare = null);
