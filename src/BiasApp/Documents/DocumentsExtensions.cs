using BiasApp.Core.Documents;

namespace BiasApp.Documents;

/// <summary>Registration of the documents feature (<c>Documents</c> section).</summary>
public static class DocumentsExtensions
{
    /// <summary>The extractor and the per-request analyser, with the limits validated at start-up.</summary>
    public static WebApplicationBuilder AddDocuments(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<DocumentsOptions>().BindConfiguration(DocumentsOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<DocumentExtractor>();
        builder.Services.AddScoped<DocumentAnalyzer>();
        return builder;
    }
}
