using BiasApp.Data;

namespace BiasApp.Batches;

/// <summary>Registration of the batch audit feature.</summary>
public static class BatchExtensions
{
    /// <summary>
    /// <see cref="BatchOptions"/> bound to <c>Batches</c> (validated at start-up), <see cref="BatchDbContext"/> over
    /// <c>ConnectionStrings:Default</c>, the queue, the worker, start-up recovery and retention.
    /// </summary>
    public static WebApplicationBuilder AddBatches(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<BatchOptions>().BindConfiguration(BatchOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddDbContext<BatchDbContext>((services, options) =>
            options.UseAppDatabase(services, sqlite => sqlite.MigrationsHistoryTable(BatchDbContext.MigrationsHistoryTable)));
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<BatchJobs>();
        builder.Services.AddScoped<BatchService>();
        // Order matters: the tables exist and stale batches are failed before the worker reads the queue.
        builder.Services.AddHostedService<BatchStartup>();
        builder.Services.AddHostedService<BatchWorker>();
        builder.Services.AddHostedService<BatchRetention>();
        return builder;
    }
}
