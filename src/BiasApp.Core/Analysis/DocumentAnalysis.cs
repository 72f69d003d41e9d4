using BiasApp.Core.Classification;
using BiasApp.Core.Explanations;

namespace BiasApp.Core.Analysis;

/// <summary>The analysis of one document.</summary>
public sealed record DocumentAnalysis(
    IReadOnlyList<AnalyzedSentence> Sentences,
    AnalysisSummary Summary,
    ModelInfo Model,
    AnalysisMode Mode,
    ExplanationMode Explain);
