using System.Text.Json.Serialization;

namespace BiasApp.Core.Explanations;

/// <summary>A LIME fit for one sentence.</summary>
/// <param name="Words">Ridge weight per feature word: the local effect of the word being visible.</param>
/// <param name="Intercept">The fit's intercept (the surrogate's score with every word masked).</param>
/// <param name="RSquared">Kernel-weighted R² of the surrogate on its samples (LIME's <c>score</c>).</param>
/// <param name="Evaluations">Samples used, the unperturbed sentence included; never more than the budget.</param>
public sealed record LimeExplanation(IReadOnlyList<WordAttribution> Words, double Intercept, double RSquared, [property: JsonIgnore] int Evaluations);
