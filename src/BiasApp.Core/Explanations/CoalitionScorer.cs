namespace BiasApp.Core.Explanations;

/// <summary>
/// The model as a SHAP estimator calls it while explaining one sentence: coalitions grouped by <see cref="BatchSize"/>,
/// and cancellation checked before every call, so that no call starts once the request is gone.
/// </summary>
public sealed class CoalitionScorer
{
    private readonly IBatchScorer _scorer;
    private readonly CancellationToken _cancellationToken;

    /// <param name="scorer">The model.</param>
    /// <param name="batchSize">Coalitions an estimator puts into one call, as far as its rounds allow; at least 1.</param>
    /// <param name="cancellationToken">Checked before every call.</param>
    public CoalitionScorer(IBatchScorer scorer, int batchSize, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        _scorer = scorer;
        BatchSize = batchSize;
        _cancellationToken = cancellationToken;
    }

    /// <summary>Coalitions an estimator puts into one call, as far as its rounds allow.</summary>
    public int BatchSize { get; }

    /// <summary>Scores <paramref name="sequences"/> in one call, in order; throws once cancelled, before scoring.</summary>
    public float[] Score(IReadOnlyList<int[]> sequences)
    {
        _cancellationToken.ThrowIfCancellationRequested();
        return _scorer.Score(sequences, _cancellationToken);
    }
}
