namespace BiasApp.Core.Explanations;

/// <summary>A word's contribution to the score.</summary>
/// <param name="Word">The word as written in the sentence (with the punctuation attached to it).</param>
/// <param name="Start">Character offset of the word in the sentence.</param>
/// <param name="Length">Length of the word in characters.</param>
/// <param name="Value">Contribution: positive pushes towards "stereotype", negative away from it.</param>
public sealed record WordAttribution(string Word, int Start, int Length, double Value)
{
    /// <summary>
    /// Standard error of a sampled SHAP value (null when exact, or for LIME): the value is inside the estimate's
    /// noise, and shown as uncertain, when |value| &lt; 2 × error.
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public double? Error { get; init; }

    /// <summary>True when the value cannot be told from zero at about 95% (|value| &lt; 2 standard errors).</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public bool Uncertain => Error is { } e && Math.Abs(Value) < 2 * e;
}
