using BiasApp.Core.Documents;
using BiasApp.Hosting;
using Microsoft.Extensions.Options;

namespace BiasApp.Documents;

/// <summary>Deletes the stored analyses of API documents older than <see cref="DocumentsOptions.RetentionDays"/>, at start-up and then every hour.</summary>
internal sealed class DocumentRetention(IServiceScopeFactory scopes, IOptions<DocumentsOptions> options, TimeProvider clock, ILogger<DocumentRetention> logger)
    : HourlyTrim(scopes, clock, logger)
{
    protected override int RetentionDays => options.Value.RetentionDays;

    protected override string What => "stored document(s)";

    protected override Task<int> TrimAsync(IServiceProvider services, DateTime cutoffUtc, CancellationToken cancellationToken) =>
        services.GetRequiredService<DocumentStore>().TrimAsync(cutoffUtc, cancellationToken);
}
