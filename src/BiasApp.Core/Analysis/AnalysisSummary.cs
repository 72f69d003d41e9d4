namespace BiasApp.Core.Analysis;

/// <summary>Document-level figures.</summary>
/// <param name="SentenceCount">Sentences in the document, including <see cref="Labels.TooShort"/> ones.</param>
/// <param name="FlaggedCount">Sentences labelled stereotype (never a too-short or needs-review one).</param>
/// <param name="MaxProbability">Highest P(stereotype) of any sentence; 0 for no sentences.</param>
/// <param name="Threshold">Probability at or above which a sentence is flagged.</param>
/// <param name="ElapsedMs">Time spent classifying (and explaining), in milliseconds.</param>
public sealed record AnalysisSummary(int SentenceCount, int FlaggedCount, float MaxProbability, double Threshold, double ElapsedMs);
