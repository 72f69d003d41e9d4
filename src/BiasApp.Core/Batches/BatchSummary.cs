namespace BiasApp.Core.Batches;

/// <summary>
/// Rates overall and per group and, for a batch with a compare column, the comparison of its values (null otherwise).
/// </summary>
/// <param name="Overall">All rows.</param>
/// <param name="Groups">Per group, by name.</param>
/// <param name="CompareColumn">The input column compared; null when the batch has none.</param>
/// <param name="Compare">Per value of the compare column: rows, flagged, rate, Wilson 95% interval.</param>
/// <param name="CompareTest">Chi-square test of independence of value and flagged; null without a comparison or when it is undefined.</param>
/// <param name="ComparePairs">Pairwise two-proportion z-tests, Holm-corrected, most significant first.</param>
/// <param name="CompareMatrix">Rates per value × group, for the heatmap.</param>
public sealed record BatchSummary(
    GroupRate Overall,
    IReadOnlyList<GroupRate> Groups,
    string? CompareColumn = null,
    IReadOnlyList<CompareRate>? Compare = null,
    ChiSquareTest? CompareTest = null,
    IReadOnlyList<PairwiseComparison>? ComparePairs = null,
    IReadOnlyList<CompareCell>? CompareMatrix = null)
{
    /// <summary>This summary with the comparison of the compare column <paramref name="column"/>.</summary>
    public BatchSummary WithComparison(string column, SourceComparison comparison) => this with
    {
        CompareColumn = column,
        Compare = comparison.Rates,
        CompareTest = comparison.Test,
        ComparePairs = comparison.Pairs,
        CompareMatrix = comparison.Matrix,
    };

    /// <summary>
    /// Per kind (stereotype, portrayal, reported), the rate of rows with at least one sentence of that kind, overall and per
    /// group (<see cref="KindRate.Group"/>); a row can count under several kinds. Empty when the kinds were not summed up.
    /// </summary>
    public IReadOnlyList<KindRate> Kinds { get; init; } = [];
}
