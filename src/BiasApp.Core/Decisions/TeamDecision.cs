namespace BiasApp.Core.Decisions;

/// <summary>One team decision: an accepted feedback item, as the pipeline applies it.</summary>
/// <param name="FeedbackId">The feedback item's id.</param>
/// <param name="Text">The sentence it was decided on.</param>
/// <param name="Kind">The decided kind (<see cref="Analysis.Kinds"/>).</param>
/// <param name="DecidedBy">Who decided it (an e-mail, or the account id when none is known).</param>
/// <param name="DecidedAt">When, UTC.</param>
public sealed record TeamDecision(long FeedbackId, string Text, string Kind, string DecidedBy, DateTime DecidedAt);

/// <summary>A decision that applies to a sentence, with how close the sentence is to the decided one.</summary>
/// <param name="Decision">The decision.</param>
/// <param name="Similarity">Cosine similarity of the two sentences' embeddings, 0..1; 1 for the same normalised text.</param>
public readonly record struct DecisionMatch(TeamDecision Decision, float Similarity);
