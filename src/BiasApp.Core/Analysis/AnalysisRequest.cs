using BiasApp.Core.Explanations;

namespace BiasApp.Core.Analysis;

/// <summary>What to analyse.</summary>
/// <param name="Text">The document; not empty, at most <see cref="AnalysisOptions.MaxTextLength"/> characters.</param>
/// <param name="Explain">Explanation wanted per sentence. Default none.</param>
public sealed record AnalysisRequest(string Text, ExplanationMode Explain = ExplanationMode.None);
