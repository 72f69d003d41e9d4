using BiasApp.Core.Documents;

namespace BiasApp.Documents;

/// <summary>Registration of the documents feature (<c>Documents</c> section).</summary>
public static class DocumentsExtensions
{
    /// <summary>The extractor, the per-request analyser and the store of API documents (with its retention), the limits validated at start-up.</summary>
    public static WebApplicationBuilder AddDocuments(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<DocumentsOptions>().BindConfiguration(DocumentsOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<DocumentExtractor>();
        builder.Services.AddScoped<DocumentAnalyzer>();
        builder.Services.AddScoped<DocumentStore>();
        builder.Services.AddHostedService<DocumentRetention>();
        return builder;
    }
}
