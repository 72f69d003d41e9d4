namespace BiasApp.Core.Explanations;

/// <summary>
/// Names of the SHAP estimators used when exact enumeration does not fit the budget. Core implements
/// <see cref="Owen"/> (<see cref="OwenShapEstimator"/>), the only one the app accepts; the others are implemented in
/// BiasApp.Research for the tools that compare estimators (<c>biasapp-cli explain-eval</c>, the benchmark).
/// </summary>
public enum ShapSampler
{
    /// <summary>Kernel SHAP with paired (antithetic) coalitions: a coalition and its complement. Research only.</summary>
    Kernel,

    /// <summary>Permutation sampling with antithetic pairs (an order and its reverse). Research only.</summary>
    Permutation,

    /// <summary>
    /// Owen values over a binary hierarchy of neighbouring words (the Python shap library's PartitionExplainer, its
    /// default for text): deterministic, no sampling; see <see cref="OwenShapEstimator"/>.
    /// </summary>
    Owen,

    /// <summary>Kernel SHAP as a weighted least-squares fit (the shap library's KernelExplainer). Research only.</summary>
    KernelRegression,
}
