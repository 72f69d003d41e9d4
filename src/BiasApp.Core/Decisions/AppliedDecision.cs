namespace BiasApp.Core.Decisions;

/// <summary>The team decision that set a sentence's kind (serialized as <c>decision</c>).</summary>
/// <param name="Kind">The decided kind (<see cref="Analysis.Kinds"/>).</param>
/// <param name="Similarity">Cosine similarity of the sentence to the decided one, 0..1; 1 for the same normalised text.</param>
/// <param name="DecidedBy">Who decided it.</param>
/// <param name="DecidedAt">When, UTC.</param>
/// <param name="FeedbackId">The feedback item that is the decision.</param>
/// <param name="Text">The sentence it was decided on.</param>
public sealed record AppliedDecision(string Kind, float Similarity, string DecidedBy, DateTime DecidedAt, long FeedbackId, string Text)
{
    /// <summary>The decision <paramref name="match"/> names.</summary>
    public static AppliedDecision From(DecisionMatch match) => new(
        match.Decision.Kind, match.Similarity, match.Decision.DecidedBy, match.Decision.DecidedAt, match.Decision.FeedbackId, match.Decision.Text);
}
