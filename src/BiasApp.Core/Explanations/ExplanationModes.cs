using System.Diagnostics.CodeAnalysis;

namespace BiasApp.Core.Explanations;

/// <summary>Parsing of the request values <c>none</c>, <c>shap</c>, <c>lime</c> and <c>both</c>.</summary>
public static class ExplanationModes
{
    /// <summary>The accepted request values, lower case.</summary>
    public static readonly IReadOnlyList<string> Names = ["none", "shap", "lime", "both"];

    /// <summary>Parses a request value, case-insensitively; null or empty is <see cref="ExplanationMode.None"/>.</summary>
    public static bool TryParse(string? value, out ExplanationMode mode)
    {
        switch (value?.Trim().ToLowerInvariant())
        {
            case null or "" or "none": mode = ExplanationMode.None; return true;
            case "shap": mode = ExplanationMode.Shap; return true;
            case "lime": mode = ExplanationMode.Lime; return true;
            case "both": mode = ExplanationMode.Both; return true;
            default: mode = ExplanationMode.None; return false;
        }
    }

    /// <summary>Parses a request value; throws <see cref="FormatException"/> for anything but none/shap/lime/both.</summary>
    public static ExplanationMode Parse(string? value) =>
        TryParse(value, out var mode) ? mode : throw new FormatException($"Unknown explanation mode '{value}'; expected none, shap, lime or both.");

    /// <summary>The request value of <paramref name="mode"/>: <c>none</c>, <c>shap</c>, <c>lime</c> or <c>both</c>.</summary>
    public static string ToValue(this ExplanationMode mode) => mode switch
    {
        ExplanationMode.Shap => "shap",
        ExplanationMode.Lime => "lime",
        ExplanationMode.Both => "both",
        _ => "none",
    };

    /// <summary>True for a defined mode.</summary>
    public static bool IsValid([NotNullWhen(true)] string? value) => TryParse(value, out _);
}
