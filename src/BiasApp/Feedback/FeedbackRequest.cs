namespace BiasApp.Feedback;

/// <summary>Body of <c>POST /api/v1/feedback</c>.</summary>
/// <param name="Text">The sentence, at most <c>Analysis:MaxSentenceLength</c> characters.</param>
/// <param name="Kind">The right kind: stereotype, portrayal, reported or none (the model's own kind to agree).</param>
/// <param name="Note">Optional note for the reviewing admin.</param>
public sealed record FeedbackRequest(string? Text, string? Kind, string? Note = null);
