using BiasApp.Core.Classification;
using BiasApp.Core.Tokenization;
using Microsoft.Extensions.Options;

namespace BiasApp.Core.Explanations;

/// <summary>
/// Explains one sentence with the configured methods: scores f(x) and f(∅) once, in one call, then runs SHAP
/// and/or LIME on top of them and compares the two. When SHAP is exact (every coalition scored) "both" fits LIME
/// on those coalitions; otherwise LIME reuses SHAP's coalitions when <see cref="ExplanationOptions.SharesSamples"/>
/// (by default with the Owen estimator) and scores its own <see cref="ExplanationOptions.LimeSamples"/> when not. Thread-safe; every call has its own state.
/// </summary>
public sealed class SentenceExplainer
{
    private readonly TextEncoder _encoder;
    private readonly int _maxTokens;
    private readonly IBatchScorer _scorer;
    private readonly ShapExplainer _shap;
    private readonly LimeExplainer _lime;

    /// <summary>Explains with the app's classifier (for dependency injection).</summary>
    public SentenceExplainer(StereotypeClassifier classifier, IOptions<ExplanationOptions> options)
        : this(classifier, classifier.Encoder, classifier.Card.MaxLength, options.Value)
    {
    }

    /// <summary>Explains with any scorer over <paramref name="encoder"/>'s words, sequences cut to <paramref name="maxTokens"/>.</summary>
    /// <param name="scorer">The model.</param>
    /// <param name="encoder">Splits a sentence into words.</param>
    /// <param name="maxTokens">Longest sequence, [CLS] and [SEP] included.</param>
    /// <param name="options">The settings.</param>
    /// <param name="estimator">
    /// The SHAP estimator beyond exact enumeration. Default: <see cref="OwenShapEstimator"/>, which needs
    /// <see cref="ExplanationOptions.ShapSampler"/> to be <see cref="ShapSampler.Owen"/>; a caller that names another
    /// sampler passes its implementation.
    /// </param>
    public SentenceExplainer(IBatchScorer scorer, TextEncoder encoder, int maxTokens, ExplanationOptions options, IShapEstimator? estimator = null)
    {
        if (estimator is null && options.ShapSampler != ShapSampler.Owen)
            throw new ArgumentException(
                $"ShapSampler {options.ShapSampler} is not implemented in BiasApp.Core; pass its {nameof(IShapEstimator)}.", nameof(estimator));
        _scorer = scorer;
        _encoder = encoder;
        _maxTokens = maxTokens;
        Options = options;
        _shap = new ShapExplainer(scorer, options.BatchSize, estimator ?? new OwenShapEstimator());
        _lime = new LimeExplainer(scorer, options.BatchSize, options.LimeKernelWidth, options.LimeRidgeAlpha);
    }

    /// <summary>The configuration in force.</summary>
    public ExplanationOptions Options { get; }

    /// <summary>
    /// Explains <paramref name="sentence"/> with the methods of <paramref name="mode"/> that the configuration allows.
    /// Throws <see cref="OperationCanceledException"/> when <paramref name="cancellationToken"/> fires; no scorer call
    /// starts after that.
    /// </summary>
    public SentenceExplanation Explain(string sentence, ExplanationMode mode, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sentence);
        mode = Options.Resolve(mode);
        var masked = MaskedSentence.Create(_encoder, sentence, _maxTokens, Options.MaxWords);

        if (mode == ExplanationMode.None)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var probability = _scorer.Score([masked.BuildFull()], cancellationToken)[0];
            return new SentenceExplanation(sentence, mode, probability, null, null, null, null, masked.Truncated, 1);
        }

        var scores = masked.ScoreEnds(_scorer, cancellationToken);
        var evaluations = 2;
        ShapExplanation? shap = null;
        LimeExplanation? lime = null;
        // LIME shares SHAP's coalitions when asked to (by default when they are Owen's), and always when SHAP enumerates
        // every coalition: then the shared rows are the whole design, deterministic and free, and LIME needs no samples
        // of its own.
        var exact = masked.Count <= ShapExplainer.MaxExactWords && (1 << masked.Count) <= Options.ShapBudget;
        var share = mode == ExplanationMode.Both && (Options.SharesSamples || exact);
        var record = share ? new CoalitionSamples(masked.Count, Options.ShapBudget) : null;
        if (mode.HasFlag(ExplanationMode.Shap))
        {
            shap = _shap.Explain(masked, Options.ShapBudget, Options.Seed, cancellationToken, scores, record);
            evaluations += shap.Evaluations - 2;
        }
        if (record is not null)
        {
            lime = _lime.Fit(masked, record, scores);
        }
        else if (mode.HasFlag(ExplanationMode.Lime))
        {
            lime = _lime.Explain(masked, Options.LimeSamples, Options.Seed, cancellationToken, scores);
            evaluations += masked.Count <= 1 ? 0 : lime.Evaluations - 1;
        }
        var agreement = shap is not null && lime is not null ? ExplanationAgreement.Compute(shap.Words, lime.Words) : null;
        return new SentenceExplanation(sentence, mode, scores.Full, scores.Empty, shap, lime, agreement, masked.Truncated, evaluations);
    }
}
