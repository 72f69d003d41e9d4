namespace BiasApp.Core.Batches;

/// <summary>A two-sided confidence interval for a proportion.</summary>
/// <param name="Lower">Lower bound, 0..1.</param>
/// <param name="Upper">Upper bound, 0..1.</param>
public readonly record struct ProportionInterval(double Lower, double Upper);
