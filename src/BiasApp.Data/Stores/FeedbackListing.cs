namespace BiasApp.Data;

/// <summary>A feedback item as the review queue lists it.</summary>
/// <param name="Item">The stored item.</param>
/// <param name="Analyst">The sender's e-mail (kept on a deleted account's tombstone).</param>
/// <param name="AnalystDeleted">True when the sender's account has been deleted.</param>
/// <param name="DecidedBy">The deciding admin's e-mail; null while pending.</param>
public sealed record FeedbackListing(FeedbackItem Item, string Analyst, bool AnalystDeleted, string? DecidedBy);
