using BiasApp.Data;

namespace BiasApp.Feedback;

/// <summary>A feedback item as the review queue and <c>GET /api/v1/admin/feedback</c> show it.</summary>
public sealed record FeedbackView(
    long Id,
    string Text,
    string Kind,
    string? Note,
    string ModelKind,
    float Probability,
    string ModelName,
    string ModelVersion,
    string Status,
    string Analyst,
    bool AnalystDeleted,
    DateTime CreatedAt,
    string? DecidedBy,
    DateTime? DecidedAt)
{
    /// <summary>True when the sender agreed with the model.</summary>
    public bool Agrees => Kind == ModelKind;

    public static FeedbackView From(FeedbackListing listing)
    {
        var f = listing.Item;
        return new FeedbackView(f.Id, f.Text, f.Kind, f.Note, f.ModelKind, f.Probability, f.ModelName, f.ModelVersion, f.Status,
            listing.Analyst, listing.AnalystDeleted, f.CreatedAt, listing.DecidedBy, f.DecidedAt);
    }
}
