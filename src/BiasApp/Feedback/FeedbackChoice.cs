namespace BiasApp.Feedback;

/// <summary>What an analyst says about one verdict: the right kind (the model's own to agree) and an optional note.</summary>
public sealed record FeedbackChoice(string Kind, string? Note = null);
