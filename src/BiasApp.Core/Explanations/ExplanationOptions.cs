using System.ComponentModel.DataAnnotations;

namespace BiasApp.Core.Explanations;

/// <summary>
/// Configuration section <c>Explanations</c>. <see cref="Enabled"/>, <see cref="Shap"/> and <see cref="Lime"/> are
/// the counterparts of the reference system's <c>HEARTS_ENABLE_SHAP</c> / <c>HEARTS_ENABLE_LIME</c>; a request then
/// picks none/shap/lime/both among what is switched on.
/// </summary>
public sealed class ExplanationOptions : IValidatableObject
{
    public const string Section = "Explanations";

    /// <summary>Explanations at all. Default true.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>SHAP allowed. Default true.</summary>
    public bool Shap { get; set; } = true;

    /// <summary>LIME allowed. Default true.</summary>
    public bool Lime { get; set; } = true;

    /// <summary>
    /// Model evaluations per SHAP explanation, f(x) and f(∅) included. Exact up to 2^n ≤ budget (6 words at the default).
    /// Default 96, chosen with the Owen estimator and LIME on its coalitions for explanation quality and latency
    /// (docs/explanations.md).
    /// </summary>
    [Range(16, 65536)] public int ShapBudget { get; set; } = 96;

    /// <summary>
    /// SHAP estimator when exact enumeration does not fit <see cref="ShapBudget"/>. Default Owen (deterministic Owen
    /// values over a hierarchy of neighbouring words, <see cref="OwenShapEstimator"/>), the only value the app accepts:
    /// the other names are estimators of the research tools, and fail validation.
    /// </summary>
    public ShapSampler ShapSampler { get; set; } = ShapSampler.Owen;

    /// <summary>LIME samples (= model evaluations), the sentence itself included. Default 150.</summary>
    [Range(10, 10000)] public int LimeSamples { get; set; } = 150;

    /// <summary>Seed of both samplers; a sentence gets the same explanation every time. Default 42.</summary>
    public int Seed { get; set; } = 42;

    /// <summary>Most words explained per sentence; later words stay visible and get no value. Default 40.</summary>
    [Range(1, 64)] public int MaxWords { get; set; } = 40;

    /// <summary>
    /// When both methods run, fit LIME on SHAP's coalitions instead of scoring <see cref="LimeSamples"/> of its own.
    /// Default unset: share when SHAP's coalitions do not depend on the seed (exact enumeration, or
    /// <see cref="ShapSampler.Owen"/>: LIME is then deterministic too and costs no evaluation), own samples otherwise
    /// (LIME on permutation prefixes moves with the seed more than on samples of its own). When SHAP is exact, LIME
    /// always uses its coalitions.
    /// </summary>
    public bool? ShareSamples { get; set; }

    /// <summary>Whether LIME reuses SHAP's coalitions under these settings when both run (see <see cref="ShareSamples"/>).</summary>
    public bool SharesSamples => ShareSamples ?? ShapSampler == ShapSampler.Owen;

    /// <summary>LIME kernel width on the cosine distance. Default 0.25.</summary>
    [Range(0.01, 10.0)] public double LimeKernelWidth { get; set; } = 0.25;

    /// <summary>LIME ridge penalty. Default 1.</summary>
    [Range(0.0001, 1000.0)] public double LimeRidgeAlpha { get; set; } = 1.0;

    /// <summary>Perturbations per scorer call; the classifier splits them further by its <c>Model:BatchSize</c>. Default 64.</summary>
    [Range(1, 1024)] public int BatchSize { get; set; } = 64;

    /// <summary>What a request for <paramref name="requested"/> gets under these switches.</summary>
    public ExplanationMode Resolve(ExplanationMode requested)
    {
        if (!Enabled) return ExplanationMode.None;
        var allowed = (Shap ? ExplanationMode.Shap : ExplanationMode.None) | (Lime ? ExplanationMode.Lime : ExplanationMode.None);
        return requested & allowed;
    }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (ShapSampler != ShapSampler.Owen)
            yield return new ValidationResult(
                $"{Section}:{nameof(ShapSampler)} is {ShapSampler}; the app implements only {nameof(ShapSampler.Owen)}.",
                [nameof(ShapSampler)]);
        if (ShapBudget < ShapExplainer.MinimumBudget(MaxWords))
            yield return new ValidationResult(
                $"ShapBudget must be at least MaxWords + 1 ({ShapExplainer.MinimumBudget(MaxWords)}) so each word is evaluated at least once.",
                [nameof(ShapBudget), nameof(MaxWords)]);
    }
}
