namespace BiasApp.Core.Explanations;

/// <summary>
/// Scores encoded sequences (<c>[CLS] pieces… [SEP]</c>) with one number each, e.g. P(stereotype).
/// The explainers see the model only through this, so a synthetic function can stand in for it in tests.
/// </summary>
public interface IBatchScorer
{
    /// <summary>
    /// Scores every sequence, in input order. Implementations should batch internally and may throw
    /// <see cref="OperationCanceledException"/> when <paramref name="cancellationToken"/> fires.
    /// The caller may reuse the arrays after the call returns, so implementations must not keep them.
    /// </summary>
    float[] Score(IReadOnlyList<int[]> sequences, CancellationToken cancellationToken);
}
