using BiasApp.Core.Analysis;
using BiasApp.Core.Classification;
using BiasApp.Core.Explanations;
using BiasApp.Core.Segmentation;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace BiasApp.Performance;

/// <summary>The Core explanation of a sentence carried through <see cref="AnalysisService"/>.</summary>
public sealed record ModelExplanation(ExplainMode Method, Core.Explanations.SentenceExplanation Detail)
    : Core.Analysis.SentenceExplanation(Method);

/// <summary>
/// Stop-gap <see cref="ISentenceExplainer"/> over <see cref="SentenceExplainer"/>, switched on by
/// <c>Inference:FallbackExplainer=true</c> (off by default) so the load benchmark can measure explanations before the
/// explanations feature registers its own; <c>TryAdd</c>, so a registered explainer wins.
/// </summary>
internal sealed class FallbackExplainer(ModelHost models, IOptions<ExplanationOptions> options) : ISentenceExplainer
{
    private readonly SentenceExplainer? _explainer =
        models.Classifier is StereotypeClassifier classifier ? new SentenceExplainer(classifier, options) : null;

    public bool Supports(ExplainMode mode) => _explainer is not null && _explainer.Options.Resolve(ToMode(mode)) != ExplanationMode.None;

    public Task<IReadOnlyList<Core.Analysis.SentenceExplanation?>> ExplainAsync(
        IReadOnlyList<SentenceSpan> sentences, ExplainMode mode, CancellationToken cancellationToken) =>
        Task.Run<IReadOnlyList<Core.Analysis.SentenceExplanation?>>(() => sentences
            .Select(s => (Core.Analysis.SentenceExplanation?)new ModelExplanation(mode, _explainer!.Explain(s.Text, ToMode(mode), cancellationToken)))
            .ToArray(), cancellationToken);

    private static ExplanationMode ToMode(ExplainMode mode) => mode switch
    {
        ExplainMode.Shap => ExplanationMode.Shap,
        ExplainMode.Lime => ExplanationMode.Lime,
        ExplainMode.Both => ExplanationMode.Both,
        _ => ExplanationMode.None,
    };
}

internal static class FallbackExplainerExtensions
{
    public static IServiceCollection AddFallbackExplainer(this IServiceCollection services)
    {
        services.AddOptions<ExplanationOptions>().BindConfiguration(ExplanationOptions.Section).ValidateDataAnnotations();
        services.TryAddSingleton<ISentenceExplainer, FallbackExplainer>();
        return services;
    }
}
