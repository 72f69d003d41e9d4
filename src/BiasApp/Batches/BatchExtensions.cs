using BiasApp.Data;
using Microsoft.AspNetCore.RateLimiting;

namespace BiasApp.Batches;

/// <summary>Registration of the batch audit feature.</summary>
public static class BatchExtensions
{
    /// <summary>
    /// <see cref="BatchOptions"/> bound to <c>Batches</c> (validated at start-up), the upload rate limiter policy
    /// (<see cref="BatchUploadRateLimit"/>), the queue, the worker, recovery of batches whose replica died, and retention. The tables are in the app's database (<see cref="BiasDbContext"/>).
    /// </summary>
    public static WebApplicationBuilder AddBatches(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<BatchOptions>().BindConfiguration(BatchOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<BatchJobs>();
        builder.Services.AddScoped<BatchService>();
        builder.Services.AddOptions<RateLimiterOptions>().Configure(options =>
            options.AddPolicy<string, BatchUploadRateLimit>(BatchUploadRateLimit.PolicyName));
        builder.Services.AddHostedService<BatchWorker>();
        builder.Services.AddHostedService<BatchRetention>();
        return builder;
    }
}
