using BiasApp.Data;

namespace BiasApp.Usage;

/// <summary>How an admitted analysis ended, as recorded: its outcome, sentences and time.</summary>
/// <param name="Outcome">One of <see cref="UsageOutcomes"/>.</param>
/// <param name="Sentences">Sentences analysed; 0 for an error.</param>
/// <param name="LatencyMs">Time the analysis took.</param>
public readonly record struct UsageMeasure(string Outcome, int Sentences, double LatencyMs);
