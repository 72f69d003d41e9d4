namespace BiasApp.Core.Analysis;

/// <summary>Which explanation a caller asks for. Only <see cref="None"/> is served until explainers are registered.</summary>
public enum ExplainMode
{
    None,
    Shap,
    Lime,
    Both,
}

/// <summary>Parsing of the wire names <c>none</c>, <c>shap</c>, <c>lime</c>, <c>both</c>.</summary>
public static class ExplainModes
{
    /// <summary>The accepted wire names, lower case.</summary>
    public static readonly IReadOnlyList<string> Names = ["none", "shap", "lime", "both"];

    /// <summary>Parses a wire name (case-insensitive); null or empty means <see cref="ExplainMode.None"/>.</summary>
    public static bool TryParse(string? value, out ExplainMode mode)
    {
        mode = ExplainMode.None;
        if (string.IsNullOrWhiteSpace(value)) return true;
        switch (value.Trim().ToLowerInvariant())
        {
            case "none": mode = ExplainMode.None; return true;
            case "shap": mode = ExplainMode.Shap; return true;
            case "lime": mode = ExplainMode.Lime; return true;
            case "both": mode = ExplainMode.Both; return true;
            default: return false;
        }
    }

    /// <summary>The wire name of <paramref name="mode"/>.</summary>
    public static string ToWireName(this ExplainMode mode) => Names[(int)mode];
}
