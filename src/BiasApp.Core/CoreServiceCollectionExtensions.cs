using BiasApp.Core.Analysis;
using BiasApp.Core.Classification;
using BiasApp.Core.Rules;
using BiasApp.Core.Inference;
using BiasApp.Core.Segmentation;
using BiasApp.Core.Scoring;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace BiasApp.Core;

/// <summary>Registration of the Core services.</summary>
public static class CoreServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="ClassifierOptions"/> and <see cref="AnalysisOptions"/> (validated with DataAnnotations at start-up;
    /// the host binds them to configuration), the singleton <see cref="ModelHost"/> and <see cref="SentenceSegmenter"/>,
    /// the singleton <see cref="InferenceGate"/>, <see cref="ResultCache"/> and <see cref="BiasMetrics"/> (options
    /// <see cref="InferenceOptions"/>, <see cref="CacheOptions"/>), the scoring pipeline (<see cref="SentenceScorer"/>; with
    /// <see cref="NoSentenceExplainer"/> unless the host registers an explainer first or later), and the scoped <see cref="AnalysisService"/>.
    /// </summary>
    public static IServiceCollection AddBiasCore(this IServiceCollection services)
    {
        services.AddOptions<ClassifierOptions>().ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<AnalysisOptions>().ValidateDataAnnotations().ValidateOnStart();
        services.AddBiasRules();
        services.AddSingleton<ModelHost>();
        services.AddSingleton(sp => new SentenceSegmenter(sp.GetRequiredService<IOptions<AnalysisOptions>>().Value.MaxSentenceLength));
        services.AddOptions<InferenceOptions>().ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<CacheOptions>().ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<BiasMetrics>();
        services.AddSingleton<InferenceGate>();
        services.AddSingleton<ResultCache>();
        services.TryAddSingleton<ISentenceExplainer, NoSentenceExplainer>();
        services.AddSingleton<SentencePredictor>();
        services.AddOptions<Decisions.DecisionOptions>().ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<Decisions.DecisionBook>();
        services.AddSingleton<SentenceScorer>();
        services.AddScoped<AnalysisService>();
        return services;
    }
}
