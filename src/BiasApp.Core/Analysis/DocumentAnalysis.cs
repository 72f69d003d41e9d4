using BiasApp.Core.Classification;
using BiasApp.Core.Explanations;

namespace BiasApp.Core.Analysis;

/// <summary>The analysis of one document.</summary>
public sealed record DocumentAnalysis(
    IReadOnlyList<AnalyzedSentence> Sentences,
    AnalysisSummary Summary,
    ModelInfo Model,
    AnalysisMode Mode,
    ExplanationMode Explain)
{
    /// <summary>The uploaded document analysed (name, format, pages, paragraphs, characters); null for a pasted text.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public Documents.DocumentInfo? Document { get; init; }
}
