using BiasApp.Core.Analysis;
using MudBlazor;

namespace BiasApp.Analysis;

/// <summary>How a score is shown: theme colour and wording.</summary>
public static class Verdicts
{
    /// <summary>Error colour at or above the threshold, warning within 0.2 below it, success otherwise.</summary>
    public static Color ColorFor(float probability, double threshold) =>
        probability >= threshold ? Color.Error
        : probability >= threshold - 0.2 ? Color.Warning
        : Color.Success;

    /// <summary>Human wording of a label.</summary>
    public static string LabelText(string label) => label == Labels.Stereotype ? "Stereotype" : "Not a stereotype";

    /// <summary>A probability as a whole percentage, e.g. <c>87%</c>.</summary>
    public static string Percent(float probability) => $"{Math.Round(probability * 100):0}%";
}
