namespace BiasApp.Batches;

/// <summary>An input row that was not scored: its number in the file and <see cref="SkipReasons">why</see>.</summary>
public sealed record SkippedRow(int Row, string Reason);
