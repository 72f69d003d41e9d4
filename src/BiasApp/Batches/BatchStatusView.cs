using BiasApp.Data;

namespace BiasApp.Batches;

/// <summary>
/// Status and progress of a batch as the page and <c>GET /api/v1/batches/{id}</c> show it. <c>RowsSkipped</c> counts input
/// rows not scored (blank or too long text) and <c>Skipped</c> lists the first of them with their row numbers;
/// <c>PassThroughColumns</c> names the input columns carried into results, and <c>CompareColumn</c> the one whose values the
/// summary compares (null for none).
/// </summary>
public sealed record BatchStatusView(
    Guid Id,
    string Name,
    BatchStatus Status,
    int RowsDone,
    int RowsTotal,
    int RowsFlagged,
    double RowsPerSecond,
    double? SecondsLeft,
    DateTime CreatedAt,
    DateTime? StartedAt,
    DateTime? FinishedAt,
    string? Model,
    double Threshold,
    string? Error,
    int RowsSkipped,
    IReadOnlyList<SkippedRow> Skipped,
    IReadOnlyList<string> PassThroughColumns,
    string? CompareColumn = null);
