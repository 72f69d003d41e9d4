namespace BiasApp.Core.Explanations;

/// <summary>Which explanations a request asks for.</summary>
[Flags]
public enum ExplanationMode
{
    /// <summary>Only the verdict.</summary>
    None = 0,
    /// <summary>SHAP values.</summary>
    Shap = 1,
    /// <summary>LIME weights.</summary>
    Lime = 2,
    /// <summary>SHAP and LIME, with their agreement.</summary>
    Both = Shap | Lime,
}
