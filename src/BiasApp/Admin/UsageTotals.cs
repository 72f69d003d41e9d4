namespace BiasApp.Admin;

/// <summary>Totals over a date range. <see cref="Requests"/> counts accepted analyses.</summary>
public sealed record UsageTotals(int Requests, int Rejected, int Errors, int Explanations, double ExplanationShare, long Sentences, long Characters);
