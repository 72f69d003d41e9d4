using BiasApp.Core.Analysis;
using BiasApp.Core.Classification;

namespace BiasApp.Core.Scoring;

/// <summary>What <see cref="SentenceScorer.ScoreAsync"/> found.</summary>
/// <param name="Texts">Per input text, its sentences in order, with offsets into that text.</param>
/// <param name="Model">The model (or the rules lexicon) that answered.</param>
/// <param name="Mode">Model or rules.</param>
public sealed record ScoredTexts(IReadOnlyList<IReadOnlyList<AnalyzedSentence>> Texts, ModelInfo Model, AnalysisMode Mode);
