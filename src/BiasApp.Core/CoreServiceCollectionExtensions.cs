using BiasApp.Core.Analysis;
using BiasApp.Core.Classification;
using BiasApp.Core.Rules;
using BiasApp.Core.Segmentation;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace BiasApp.Core;

/// <summary>Registration of the Core services.</summary>
public static class CoreServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="ClassifierOptions"/> and <see cref="AnalysisOptions"/> (validated with DataAnnotations at start-up;
    /// the host binds them to configuration), the singleton <see cref="ModelHost"/> and <see cref="SentenceSegmenter"/>,
    /// and the scoped <see cref="AnalysisService"/>.
    /// </summary>
    public static IServiceCollection AddBiasCore(this IServiceCollection services)
    {
        services.AddOptions<ClassifierOptions>().ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<AnalysisOptions>().ValidateDataAnnotations().ValidateOnStart();
        services.AddBiasRules();
        services.AddSingleton<ModelHost>();
        services.AddSingleton(sp => new SentenceSegmenter(sp.GetRequiredService<IOptions<AnalysisOptions>>().Value.MaxSentenceLength));
        services.AddScoped<AnalysisService>();
        return services;
    }
}
