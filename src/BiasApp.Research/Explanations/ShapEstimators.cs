using BiasApp.Core.Explanations;

namespace BiasApp.Research.Explanations;

/// <summary>The estimator behind each <see cref="ShapSampler"/> name, for the tools that compare them.</summary>
public static class ShapEstimators
{
    /// <summary>The estimator <paramref name="sampler"/> names: Core's <see cref="OwenShapEstimator"/> or one of this library's.</summary>
    public static IShapEstimator For(ShapSampler sampler) => sampler switch
    {
        ShapSampler.Owen => new OwenShapEstimator(),
        ShapSampler.Permutation => new PermutationShapEstimator(),
        ShapSampler.Kernel => new KernelShapEstimator(),
        ShapSampler.KernelRegression => new KernelRegressionShapEstimator(),
        _ => throw new ArgumentOutOfRangeException(nameof(sampler), sampler, "Unknown SHAP sampler."),
    };
}
