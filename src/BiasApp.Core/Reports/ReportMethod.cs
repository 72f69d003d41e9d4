using BiasApp.Core.Analysis;
using BiasApp.Core.Classification;
using BiasApp.Core.Explanations;

namespace BiasApp.Core.Reports;

/// <summary>How a result was made, for the report's method section.</summary>
/// <param name="Model">The model (or rule lexicon) that scored it, as the result names it.</param>
/// <param name="Mode">"model" or "rules".</param>
/// <param name="Threshold">P(stereotype) at or above which a sentence's content label is stereotype.</param>
/// <param name="AnalysedAt">When the text was analysed (a batch: when it finished).</param>
/// <param name="Settings">The explanation settings in force (budget, samples, words, seed).</param>
/// <param name="Card">The loaded model's card, for its measured limits; null when no model is loaded.</param>
public sealed record ReportMethod(ModelInfo Model, string Mode, double Threshold, DateTimeOffset AnalysedAt, ExplanationOptions Settings, ModelCard? Card)
{
    /// <summary>How the heatmaps of the report were made, e.g. "SHAP and LIME, asked for with the analysis; 3 more made with the report".</summary>
    public string Explanations { get; init; } = "none";
}
