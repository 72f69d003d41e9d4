namespace BiasApp.Usage;

/// <summary>Where a caller stands in one window after a request: its limit, the requests left in it and when it resets.</summary>
public sealed record UsageWindow(int Limit, long Remaining, TimeSpan ResetAfter);
