using BiasApp.Core.Analysis;
using BiasApp.Core.Classification;
using BiasApp.Core.Inference;
using BiasApp.Core.Rules;
using BiasApp.Core.Scoring;
using BiasApp.Core.Segmentation;
using BiasApp.Usage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MudBlazor.Services;

namespace BiasApp.Tests;

/// <summary>Shared bUnit set-up.</summary>
public static class TestServices
{
    /// <summary>Loose JS interop and MudBlazor services without the popover-provider check.</summary>
    public static BunitContext AddMud(this BunitContext context)
    {
        context.JSInterop.Mode = JSRuntimeMode.Loose;
        context.Services.AddMudServices(options => options.PopoverOptions.CheckForPopoverProvider = false);
        return context;
    }

    /// <summary>The analysis services over <paramref name="classifier"/> (null: the model failed to load).</summary>
    public static BunitContext AddAnalysis(this BunitContext context, IStereotypeClassifier? classifier, AnalysisOptions? options = null)
    {
        context.Services.AddSingleton(new ModelHost(classifier, "Model file not found: models/stereotype-minilm/model.onnx"));
        context.Services.AddSingleton(new SentenceSegmenter());
        context.Services.AddSingleton(Options.Create(options ?? new AnalysisOptions()));
        context.Services.AddSingleton(Options.Create(new InferenceOptions()));
        context.Services.AddSingleton(Options.Create(new CacheOptions { Enabled = false }));
        context.Services.AddSingleton(RuleDetector.CreateDefault());
        context.Services.AddSingleton<BiasMetrics>();
        context.Services.AddSingleton<InferenceGate>();
        context.Services.AddSingleton<ResultCache>();
        context.Services.AddSingleton<ISentenceExplainer, NoSentenceExplainer>();
        context.Services.AddSingleton<SentencePredictor>();
        context.Services.AddSingleton<BiasApp.Core.Decisions.DecisionBook>();
        context.Services.AddSingleton<SentenceScorer>();
        context.Services.AddScoped<AnalysisService>();
        context.Services.AddSingleton(Options.Create(new BiasApp.Core.Documents.DocumentsOptions()));
        context.Services.AddSingleton<BiasApp.Core.Documents.DocumentExtractor>();
        context.Services.AddScoped<BiasApp.Core.Documents.DocumentAnalyzer>();
        context.Services.AddScoped(services => new BiasApp.Analysis.AnalyzePageState(services.GetRequiredService<AnalysisService>().MaxTextLength));
        context.Services.AddSingleton<IUsageMeter, UnmeteredUsage>();
        context.Services.AddSingleton(Options.Create(new BiasApp.Core.Explanations.ExplanationOptions()));
        context.Services.AddSingleton(Options.Create(new BiasApp.Reports.ReportOptions()));
        context.Services.AddSingleton(TimeProvider.System);
        context.Services.AddSingleton<BiasApp.Reports.ReportFonts>();
        context.Services.AddScoped<BiasApp.Reports.ReportService>();
        context.AddAuthorization().SetAuthorized("analyst@example.test");
        return context;
    }
}

/// <summary>Scores sentences containing "all" 0.9, others 0.1. Can be held until released, or made to fail.</summary>
public sealed class FakeClassifier : IStereotypeClassifier
{
    private readonly ManualResetEventSlim _gate;
    private readonly Exception? _failure;

    public FakeClassifier(bool held = false, Exception? failure = null)
    {
        _gate = new ManualResetEventSlim(!held);
        _failure = failure;
    }

    public ModelCard Card { get; } = new() { Name = "fake-model", Version = "9.9.9" };
    public bool HasAxisHead => false;

    /// <summary>Lets held calls finish.</summary>
    public void Release() => _gate.Set();

    public Prediction[] Classify(IReadOnlyList<string> texts, CancellationToken cancellationToken = default)
    {
        if (!_gate.Wait(TimeSpan.FromSeconds(10), cancellationToken)) throw new TimeoutException("The test never released the classifier.");
        if (_failure is not null) throw _failure;
        return texts.Select(t => new Prediction(t.Contains("all", StringComparison.OrdinalIgnoreCase) ? 0.9f : 0.1f, null, 0f)).ToArray();
    }
}

/// <summary>Runs analyses without limits or recording, for page tests that are not about usage.</summary>
public sealed class UnmeteredUsage : IUsageMeter
{
    public Task<DocumentAnalysis> AnalyzeAsync(System.Security.Claims.ClaimsPrincipal user, AnalysisRequest request,
        Func<AnalysisRequest, CancellationToken, Task<DocumentAnalysis>> analyze, CancellationToken cancellationToken = default) =>
        analyze(request, cancellationToken);
}
