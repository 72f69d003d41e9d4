namespace BiasApp.Batches;

/// <summary>A parsed upload: the rows to score, the skipped ones and the columns carried into results.</summary>
/// <param name="Rows">Rows to score, in file order.</param>
/// <param name="SkippedCount">Rows not scored (blank or too long).</param>
/// <param name="Skipped">The first <see cref="MaxSkippedListed"/> of them.</param>
/// <param name="PassThroughColumns">Input columns carried into results and exports, in file order.</param>
/// <param name="CompareColumn">The column whose values the summary compares, as the header names it; null for none.</param>
public sealed record BatchUpload(IReadOnlyList<BatchUploadRow> Rows, int SkippedCount, IReadOnlyList<SkippedRow> Skipped, IReadOnlyList<string> PassThroughColumns,
    string? CompareColumn = null)
{
    /// <summary>Most skipped rows listed by number (all are counted).</summary>
    public const int MaxSkippedListed = 1_000;
}
