namespace BiasApp.Admin;

public sealed record DailyTotal(DateOnly Day, int Requests, int Rejected);
