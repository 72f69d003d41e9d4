namespace BiasApp.Core.Batches;

/// <summary>Progress of a running batch.</summary>
/// <param name="RowsDone">Rows scored so far.</param>
/// <param name="RowsTotal">Rows in the batch.</param>
/// <param name="Elapsed">Time since scoring started.</param>
public readonly record struct BatchProgress(int RowsDone, int RowsTotal, TimeSpan Elapsed)
{
    /// <summary>Rows per second so far; 0 before any row is done.</summary>
    public double RowsPerSecond => RowsDone == 0 || Elapsed <= TimeSpan.Zero ? 0 : RowsDone / Elapsed.TotalSeconds;

    /// <summary>Fraction done, 0..1 (1 for an empty batch).</summary>
    public double Fraction => RowsTotal == 0 ? 1 : (double)RowsDone / RowsTotal;

    /// <summary>Estimated time left at the current rate; null until a rate is known.</summary>
    public TimeSpan? Remaining => RowsPerSecond > 0 ? TimeSpan.FromSeconds((RowsTotal - RowsDone) / RowsPerSecond) : null;
}
