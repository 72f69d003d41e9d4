namespace BiasApp.Core.Analysis;

/// <summary>Thrown when no detector can answer (model switched off or failed to load).</summary>
public sealed class AnalysisUnavailableException(string message) : InvalidOperationException(message);
