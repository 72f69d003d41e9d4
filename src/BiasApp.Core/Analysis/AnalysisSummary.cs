namespace BiasApp.Core.Analysis;

/// <summary>Document-level figures.</summary>
/// <param name="SentenceCount">Sentences in the document, including <see cref="Labels.TooShort"/> ones.</param>
/// <param name="FlaggedCount">Sentences flagged: of kind stereotype or portrayal (never a too-short or needs-review one).</param>
/// <param name="MaxProbability">Highest P(stereotype) of any sentence; 0 for no sentences.</param>
/// <param name="Threshold">Probability at or above which a sentence's content label is stereotype.</param>
/// <param name="ElapsedMs">Time spent classifying (and explaining), in milliseconds.</param>
public sealed record AnalysisSummary(int SentenceCount, int FlaggedCount, float MaxProbability, double Threshold, double ElapsedMs)
{
    /// <summary>Sentences of each kind (too-short ones count as none).</summary>
    public KindCounts Kinds { get; init; } = new(0, 0, 0, 0);
}
