namespace BiasApp.Usage;

/// <summary>
/// One day of a user's usage. <see cref="Requests"/> counts accepted analyses; <see cref="Page"/>, <see cref="Api"/> and
/// <see cref="Batch"/> split them by channel (the analysis page, <c>POST /api/v1/analyze</c>, batch rows) from the raw
/// events, so on days older than <c>Usage:RetentionDays</c> they add up to less than <see cref="Requests"/>.
/// <see cref="Feedback"/> counts feedback sent on verdicts, which is not an analysis and not in <see cref="Requests"/>.
/// </summary>
public sealed record UsageDay(DateOnly Day, int Requests, int Rejected, int Explanations, int Page = 0, int Api = 0, int Batch = 0, int Feedback = 0);
