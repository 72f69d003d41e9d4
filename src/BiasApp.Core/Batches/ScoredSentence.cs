using BiasApp.Core.Analysis;

namespace BiasApp.Core.Batches;

/// <summary>One scored sentence of a row.</summary>
/// <param name="Text">The sentence.</param>
/// <param name="Probability">P(stereotype), 0..1; 0 for a <see cref="Labels.TooShort"/> sentence, which is not scored.</param>
/// <param name="Label">
/// <see cref="Labels.Stereotype"/>, <see cref="Labels.NotStereotype"/> or <see cref="Labels.TooShort"/>; null for rows
/// stored before sentences carried a label.
/// </param>
/// <param name="Review">True when the model passed the sentence while a high-severity rule fired, as on the analysis page.</param>
public sealed record ScoredSentence(string Text, float Probability, string? Label = null, bool Review = false);
