using System.Globalization;
using BiasApp.Core.Analysis;
using BiasApp.Core.Explanations;

namespace BiasApp.Core.Reports;

/// <summary>How reports write figures and words, the same in HTML and PDF and as the app's pages write them.</summary>
public static class ReportText
{
    /// <summary>A rate (0…1) as a percentage with one decimal: "50.0%", "0.3%".</summary>
    public static string Rate(double fraction) => (fraction * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%";

    /// <summary>A rate with its interval: "12.5% (95% CI 8.1–18.3%)".</summary>
    public static string RateWithInterval(double rate, double lower, double upper) => $"{Rate(rate)} (95% CI {Rate(lower)}–{Rate(upper)})";

    /// <summary>A probability as a whole percentage, e.g. "87%".</summary>
    public static string Score(float probability) => $"{Math.Round(probability * 100).ToString("0", CultureInfo.InvariantCulture)}%";

    /// <summary>A count with thousands separators: "3,000".</summary>
    public static string Count(int count) => count.ToString("N0", CultureInfo.InvariantCulture);

    /// <summary>"p = 0.012", "p = 0.34", "p &lt; 0.001", as the batch page writes them.</summary>
    public static string P(double p) =>
        p < 0.001 ? "p < 0.001" : "p = " + p.ToString(p < 0.01 ? "0.000" : "0.00", CultureInfo.InvariantCulture);

    /// <summary>A word's contribution with its sign, three decimals: "+0.125".</summary>
    public static string Contribution(double value) => value.ToString("+0.000;-0.000;0.000", CultureInfo.InvariantCulture);

    /// <summary>The kind as the page labels it: "Stereotype", "Portrayal", "Reported", "Not a stereotype".</summary>
    public static string KindText(string kind) => kind switch
    {
        Kinds.Stereotype => "Stereotype",
        Kinds.Portrayal => "Portrayal",
        Kinds.Reported => "Reported",
        _ => "Not a stereotype",
    };

    /// <summary>A date and time in UTC: "2026-12-08 10:15 UTC".</summary>
    public static string Date(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + " UTC";

    /// <summary>The explanation methods in words: "SHAP and LIME", "SHAP", "LIME", "none".</summary>
    public static string Methods(ExplanationMode mode) => mode switch
    {
        ExplanationMode.Both => "SHAP and LIME",
        ExplanationMode.Shap => "SHAP",
        ExplanationMode.Lime => "LIME",
        _ => "none",
    };

    /// <summary>A short label: at most <paramref name="length"/> characters, cut with an ellipsis.</summary>
    public static string Clip(string text, int length) => text.Length > length ? text[..(length - 1)] + "…" : text;
}
