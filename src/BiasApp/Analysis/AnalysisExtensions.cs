using BiasApp.Core;
using BiasApp.Core.Analysis;
using BiasApp.Core.Classification;
using BiasApp.Core.Rules;

namespace BiasApp.Analysis;

/// <summary>Registration of the analysis feature.</summary>
public static class AnalysisExtensions
{
    /// <summary>Core services with their options bound to <c>Model</c> and <c>Analysis</c>, validated at start-up.</summary>
    public static WebApplicationBuilder AddAnalysis(this WebApplicationBuilder builder)
    {
        // The reference deployment's switch: ENABLE_HEARTS=false ran the rule-based detector alone. An explicit Model:Enabled wins.
        if (builder.Configuration["ENABLE_HEARTS"] is { Length: > 0 } heart && builder.Configuration["Model__Enabled"] is null
            && Environment.GetEnvironmentVariable("Model__Enabled") is null)
        {
            builder.Configuration.AddInMemoryCollection([new("Model:Enabled", heart)]);
        }
        builder.Services.AddBiasCore();
        builder.Services.AddOptions<RulesOptions>().BindConfiguration(RulesOptions.Section);
        builder.Services.AddOptions<ClassifierOptions>().BindConfiguration(ClassifierOptions.Section);
        builder.Services.AddOptions<AnalysisOptions>().BindConfiguration(AnalysisOptions.Section);
        builder.Services.AddHostedService<ModelWarmUp>();
        // Per circuit: the analysis page's text and result outlive a visit to another page.
        builder.Services.AddScoped(services => new AnalyzePageState(services.GetRequiredService<AnalysisService>().MaxTextLength));
        builder.Services.ConfigureAll<Microsoft.AspNetCore.OpenApi.OpenApiOptions>(options => options.AddSchemaTransformer(AnalysisEndpoints.DescribeExplainAsync));
        return builder;
    }
}
