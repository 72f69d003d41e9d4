using BiasApp.Hosting;
using Microsoft.Extensions.Options;

namespace BiasApp.Batches;

/// <summary>Deletes batches older than <see cref="BatchOptions.RetentionDays"/>, at start-up and then every hour.</summary>
internal sealed class BatchRetention(IServiceScopeFactory scopes, IOptions<BatchOptions> options, TimeProvider clock, ILogger<BatchRetention> logger)
    : HourlyTrim(scopes, clock, logger)
{
    protected override int RetentionDays => options.Value.RetentionDays;

    protected override string What => "batch(es)";

    protected override Task<int> TrimAsync(IServiceProvider services, DateTime cutoffUtc, CancellationToken cancellationToken) =>
        services.GetRequiredService<BatchService>().TrimAsync(cutoffUtc, cancellationToken);
}
