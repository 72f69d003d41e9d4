namespace BiasApp.Batches;

/// <summary>What an upload holds.</summary>
public enum BatchInputFormat
{
    /// <summary>CSV with a header row; one text column and an optional group column.</summary>
    Csv,

    /// <summary>Plain text, one text per line; blank lines are skipped.</summary>
    Lines,

    /// <summary>An Excel workbook (.xlsx): one sheet read as a table whose first non-blank row is the header.</summary>
    Xlsx,
}
