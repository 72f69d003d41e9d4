namespace BiasApp.Reports;

/// <summary>Registration of the reports feature (<c>Reports</c> section).</summary>
public static class ReportsExtensions
{
    /// <summary>The options (validated at start-up), the PDF fonts and the per-request report service.</summary>
    public static WebApplicationBuilder AddReports(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<ReportOptions>().BindConfiguration(ReportOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<ReportFonts>();
        builder.Services.AddScoped<ReportService>();
        return builder;
    }
}
