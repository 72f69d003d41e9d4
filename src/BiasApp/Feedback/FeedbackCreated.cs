namespace BiasApp.Feedback;

/// <summary>Answer of <c>POST /api/v1/feedback</c>.</summary>
/// <param name="Id">The stored item.</param>
/// <param name="Status"><c>pending</c> when an analyst sent it, <c>decided</c> when an admin did.</param>
public sealed record FeedbackCreated(long Id, string Status);
