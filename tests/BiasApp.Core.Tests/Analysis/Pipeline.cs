using BiasApp.Core.Analysis;
using BiasApp.Core.Classification;
using BiasApp.Core.Inference;
using BiasApp.Core.Rules;
using BiasApp.Core.Scoring;
using BiasApp.Core.Segmentation;
using Microsoft.Extensions.Options;

namespace BiasApp.Core.Tests.Analysis;

/// <summary>The scoring pipeline over a given classifier, as the app wires it (a fresh gate, and a cache unless one is given).</summary>
internal static class Pipeline
{
    public static SentenceScorer Scorer(ModelHost host, ISentenceExplainer? explainer = null, ResultCache? cache = null, RuleDetector? rules = null,
        BiasApp.Core.Decisions.DecisionBook? decisions = null) =>
        new(host, new SentenceSegmenter(), rules ?? RuleDetector.CreateDefault(),
            new SentencePredictor(new InferenceGate(Options.Create(new InferenceOptions())),
                cache ?? new ResultCache(Options.Create(new CacheOptions { Enabled = false })),
                explainer ?? new NoSentenceExplainer(), new BiasMetrics()), decisions ?? new BiasApp.Core.Decisions.DecisionBook());

    public static AnalysisService Service(ModelHost host, AnalysisOptions? options = null, ISentenceExplainer? explainer = null, ResultCache? cache = null, RuleDetector? rules = null,
        BiasApp.Core.Decisions.DecisionBook? decisionBook = null) =>
        new(Scorer(host, explainer, cache, rules, decisionBook), Options.Create(options ?? new AnalysisOptions()));
}
