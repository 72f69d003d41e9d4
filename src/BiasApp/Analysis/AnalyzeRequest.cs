namespace BiasApp.Analysis;

/// <summary>Body of <c>POST /api/v1/analyze</c>.</summary>
/// <param name="Text">The document to analyse.</param>
/// <param name="Explain"><c>none</c> (default), <c>shap</c>, <c>lime</c> or <c>both</c>.</param>
public sealed record AnalyzeRequest(string? Text, string? Explain = "none");
