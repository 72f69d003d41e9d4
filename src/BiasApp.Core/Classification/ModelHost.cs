using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace BiasApp.Core.Classification;

/// <summary>How the app is answering right now.</summary>
public enum AnalysisMode
{
    /// <summary>The ONNX model classifies sentences.</summary>
    Model,

    /// <summary>The model is off or failed to load; the rule-based detector answers.</summary>
    Rules,

    /// <summary>No detector is available: the model is switched off or failed to load.</summary>
    Unavailable,
}

/// <summary>
/// Owns the one classifier of the process (singleton). Loading happens once, in the constructor;
/// a missing or corrupt model never stops the app: the error is kept in <see cref="LoadError"/>,
/// <see cref="Mode"/> says what answers, and health and UI report it.
/// </summary>
public sealed class ModelHost : IDisposable
{
    private readonly IDisposable? _owned;

    /// <summary>Loads the model configured in <see cref="ClassifierOptions"/> (relative paths against the app base directory).</summary>
    public ModelHost(IOptions<ClassifierOptions> options, ILogger<ModelHost>? logger = null, IOptions<Rules.RulesOptions>? rules = null)
    {
        RulesEnabled = rules?.Value.Enabled ?? false;
        logger ??= NullLogger<ModelHost>.Instance;
        var settings = options.Value;
        Enabled = settings.Enabled;
        if (!Enabled)
        {
            LoadError = "The model is switched off (Model:Enabled=false).";
            logger.LogWarning("Model disabled by configuration; {Fallback}.", RulesEnabled ? "the rule-based detector answers" : "analyses are unavailable");
            return;
        }
        var folder = settings.ResolvePath(AppContext.BaseDirectory);
        try
        {
            var classifier = StereotypeClassifier.Load(folder, settings);
            Classifier = classifier;
            _owned = classifier;
            logger.LogInformation("Loaded model {ModelId} from {Folder}", classifier.ModelId, folder);
            if (!Tokenization.TextEncoder.AccentsAreStripped)
                logger.LogWarning("This process runs with invariant globalization (no Unicode normalization): accented words become [UNK] " +
                    "and score differently from the training pipeline. Unset DOTNET_SYSTEM_GLOBALIZATION_INVARIANT / InvariantGlobalization and install ICU (libicu).");
        }
        // Any failure (missing file, corrupt model, bad model.json or vocab) must leave the app running and say why.
        catch (Exception ex)
        {
            LoadError = ex.Message;
            logger.LogError(ex, "Model failed to load from {Folder}; the app runs without it.", folder);
        }
    }

    /// <summary>Wraps an existing classifier (tests, tools). A null classifier needs a <paramref name="loadError"/>.</summary>
    public ModelHost(IStereotypeClassifier? classifier, string? loadError = null, bool rulesEnabled = false)
    {
        RulesEnabled = rulesEnabled;
        Classifier = classifier;
        Enabled = true;
        LoadError = classifier is null ? loadError ?? "No classifier." : null;
    }

    /// <summary>The loaded classifier, or null when switched off or failed to load.</summary>
    public IStereotypeClassifier? Classifier { get; }

    /// <summary>Why <see cref="Classifier"/> is null; null when loaded.</summary>
    public string? LoadError { get; }

    /// <summary>Value of <c>Model:Enabled</c>.</summary>
    public bool Enabled { get; }

    /// <summary>True when the model is loaded.</summary>
    public bool IsLoaded => Classifier is not null;

    /// <summary>What answers analyses. The rule-based fallback adds its own mode here.</summary>
    public AnalysisMode Mode => IsLoaded ? AnalysisMode.Model : RulesEnabled ? AnalysisMode.Rules : AnalysisMode.Unavailable;

    /// <summary>True when the rule-based detector is switched on (<c>Rules:Enabled</c>): the fallback, and a second opinion beside the model.</summary>
    public bool RulesEnabled { get; }

    public void Dispose() => _owned?.Dispose();
}
