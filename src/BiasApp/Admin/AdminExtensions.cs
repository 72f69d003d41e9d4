using BiasApp.Accounts;
using Microsoft.AspNetCore.Http.HttpResults;

namespace BiasApp.Admin;

/// <summary>The admin dashboard's and users page's services and <c>/api/v1/admin</c> (Admin role only).</summary>
public static class AdminExtensions
{
    /// <summary>Longest range a report covers, matching the default aggregate retention.</summary>
    public const int MaxRangeDays = 400;

    public static WebApplicationBuilder AddAdmin(this WebApplicationBuilder builder)
    {
        builder.Services.AddScoped<UsageReports>();
        builder.Services.AddScoped<UserAdministration>();
        return builder;
    }

    public static IEndpointRouteBuilder MapAdminEndpoints(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/v1/admin").WithTags("Admin").RequireAuthorization(AccountsExtensions.AdminPolicy);
        api.MapGet("/usage", GetUsageAsync).WithName("GetAdminUsage").WithSummary("Usage totals, per day and per user; from/to are UTC days, default the last 30.");
        api.MapGet("/usage.csv", GetUsageCsvAsync).WithName("GetAdminUsageCsv").WithSummary("The per-user usage table as CSV.")
            .Produces(StatusCodes.Status200OK, contentType: "text/csv");
        return app;
    }

    internal static async Task<Results<Ok<UsageReport>, ValidationProblem>> GetUsageAsync(
        DateOnly? from, DateOnly? to, UsageReports reports, TimeProvider time, CancellationToken cancellationToken)
    {
        if (Range(from, to, time) is not { } range) return RangeProblem();
        return TypedResults.Ok(await reports.BuildAsync(range.From, range.To, cancellationToken));
    }

    internal static async Task<Results<FileContentHttpResult, ValidationProblem>> GetUsageCsvAsync(
        DateOnly? from, DateOnly? to, UsageReports reports, TimeProvider time, CancellationToken cancellationToken)
    {
        if (Range(from, to, time) is not { } range) return RangeProblem();
        var report = await reports.BuildAsync(range.From, range.To, cancellationToken);
        await using var writer = new StringWriter();
        UsageReports.WriteCsv(report, writer);
        return TypedResults.File(System.Text.Encoding.UTF8.GetBytes(writer.ToString()), "text/csv", $"usage-{range.From:yyyy-MM-dd}-{range.To:yyyy-MM-dd}.csv");
    }

    /// <summary>The requested range, defaulting to the 30 days up to today; null when reversed or too long.</summary>
    public static (DateOnly From, DateOnly To)? Range(DateOnly? from, DateOnly? to, TimeProvider time)
    {
        var end = to ?? DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        // ?to=0001-01-01 must not push the default start below DateOnly.MinValue (an ArgumentOutOfRangeException, a 500).
        if (from is null && end.DayNumber < 29) return null;
        var start = from ?? end.AddDays(-29);
        return start > end || end.DayNumber - start.DayNumber >= MaxRangeDays ? null : (start, end);
    }

    private static ValidationProblem RangeProblem() => TypedResults.ValidationProblem(new Dictionary<string, string[]>
    {
        ["from"] = [$"from must not be after to, and the range must be at most {MaxRangeDays} days."],
    });
}
