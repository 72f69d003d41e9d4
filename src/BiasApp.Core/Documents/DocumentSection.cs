namespace BiasApp.Core.Documents;

/// <summary>One section of an analysed document: the sentences under one heading, in a row.</summary>
/// <param name="Heading">The section's heading; null for the text before the first heading.</param>
/// <param name="FirstPage">The page it starts on; null for formats without pages.</param>
/// <param name="Sentences">Sentences in it, too-short ones included.</param>
/// <param name="Flagged">Sentences flagged (<see cref="Analysis.AnalyzedSentence.Flagged"/>), as the summary counts them.</param>
/// <param name="Review">Sentences that need review.</param>
/// <param name="MaxProbability">Highest P(stereotype) in it.</param>
public sealed record DocumentSection(string? Heading, int? FirstPage, int Sentences, int Flagged, int Review, float MaxProbability);
