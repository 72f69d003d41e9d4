namespace BiasApp.Core.Analysis;

/// <summary>How far an analysis has got.</summary>
/// <param name="Scored">Sentences scored so far.</param>
/// <param name="Total">Sentences in the text.</param>
public readonly record struct AnalysisProgress(int Scored, int Total);
