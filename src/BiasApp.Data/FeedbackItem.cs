using BiasApp.Core.Analysis;
namespace BiasApp.Data;

/// <summary>
/// An analyst's (or admin's) verdict on one sentence, beside what the model said about it. An accepted item
/// (<see cref="FeedbackStatuses.Decided"/>) is a team decision: it carries everything a later reader needs (the sentence,
/// the kind, the model's kind, probability and version, who decided and when) without joining other tables.
/// </summary>
public sealed class FeedbackItem
{
    public long Id { get; set; }

    /// <summary>The sentence, as the model saw it.</summary>
    public required string Text { get; set; }

    /// <summary>The kind the sender says is right (<see cref="Kinds"/>); the model's kind when they agreed.</summary>
    public required string Kind { get; set; }

    /// <summary>The sender's note; null when none.</summary>
    public string? Note { get; set; }

    /// <summary>The model's own kind for the sentence (<see cref="Kinds"/>) when the feedback was sent.</summary>
    public required string ModelKind { get; set; }

    /// <summary>The model's P(stereotype) for the sentence, 0..1.</summary>
    public float Probability { get; set; }

    /// <summary>The model that answered (the rules' name when the rules answered).</summary>
    public required string ModelName { get; set; }
    public required string ModelVersion { get; set; }

    /// <summary><see cref="FeedbackStatuses"/>.</summary>
    public required string Status { get; set; }

    /// <summary>Who sent it; a deleted account's tombstone keeps it (see <see cref="AppUser.DeletedAt"/>).</summary>
    public required string UserId { get; set; }

    /// <summary>UTC.</summary>
    public DateTime CreatedAt { get; set; }

    /// <summary>The admin who accepted or rejected it, or who sent it decided; null while pending.</summary>
    public string? DecidedById { get; set; }

    /// <summary>UTC; null while pending.</summary>
    public DateTime? DecidedAt { get; set; }
}
