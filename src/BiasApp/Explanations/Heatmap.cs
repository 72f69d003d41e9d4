using System.Globalization;
using BiasApp.Core.Explanations;
using MudBlazor;

namespace BiasApp.Explanations;

/// <summary>How word contributions are laid out and coloured, kept apart from rendering so it can be tested directly.</summary>
public static class Heatmap
{
    /// <summary>Theme colour of words that push towards "stereotype" (orange; orange/blue is a colour-blind-safe pair).</summary>
    public const Color Towards = Color.Warning;

    /// <summary>Theme colour of words that push away from "stereotype" (blue).</summary>
    public const Color Against = Color.Info;

    /// <summary>Strongest tint, in percent of the theme colour, so that black text stays readable on it.</summary>
    public const int MaxTintPercent = 80;

    /// <summary>
    /// Cuts <paramref name="sentence"/> into words and the text between them. <paramref name="words"/> carry offsets into
    /// the document, in which the sentence starts at <paramref name="sentenceStart"/>.
    /// </summary>
    public static IReadOnlyList<HeatmapSegment> Segments(string sentence, int sentenceStart, IEnumerable<WordAttribution> words) =>
        [.. Core.Reports.ReportHeatmap.Segments(sentence, sentenceStart, words).Select(s => new HeatmapSegment(s.Text, s.Word))];

    /// <summary>|value| relative to the largest |value| of the sentence, 0…1; 0 when every value is 0.</summary>
    public static double Intensity(double value, double maxMagnitude) => Core.Reports.ReportHeatmap.Intensity(value, maxMagnitude);

    /// <summary>The theme colour for the sign of <paramref name="value"/>.</summary>
    public static Color ColorFor(double value) => value >= 0 ? Towards : Against;

    /// <summary>Inline style of a word: its theme colour mixed to <paramref name="intensity"/>, and a solid (towards) or dashed (against) underline as a cue that needs no colour.</summary>
    public static string Style(double value, double intensity, bool uncertain = false)
    {
        var variable = CssVariable(ColorFor(value));
        var percent = Math.Round(intensity * MaxTintPercent).ToString(CultureInfo.InvariantCulture);
        var line = uncertain ? "dotted" : value >= 0 ? "solid" : "dashed";
        return $"background-color: color-mix(in srgb, {variable} {percent}%, transparent); border-bottom: 2px {line} {variable};";
    }

    /// <summary>The MudBlazor palette variable of <paramref name="color"/>, e.g. <c>var(--mud-palette-warning)</c>.</summary>
    public static string CssVariable(Color color) => $"var(--mud-palette-{color.ToString().ToLowerInvariant()})";

    /// <summary>A contribution with its sign, three decimals, e.g. <c>+0.125</c>.</summary>
    public static string Format(double value) => value.ToString("+0.000;-0.000;0.000", CultureInfo.InvariantCulture);

    /// <summary>Words for screen readers and tooltips, e.g. <c>lazy: +0.125, towards stereotype</c>; uncertain values say so with their error.</summary>
    public static string Describe(WordAttribution word) =>
        $"{word.Word}: {Format(word.Value)}, {(word.Value >= 0 ? "towards" : "against")} stereotype"
        + (word.Uncertain ? $" (uncertain: ± {(2 * word.Error!.Value).ToString("0.000", CultureInfo.InvariantCulture)})" : "");

    /// <summary>
    /// The score and what it is compared with, in words: "Score 92% compared with the sentence with every word
    /// removed: 3%". Values add up from the second figure to the first.
    /// </summary>
    public static string Baseline(SentenceExplanation explanation) =>
        explanation.BaseProbability is { } b
            ? $"Score {Percent(explanation.Probability)} compared with the sentence with every word removed: {Percent(b)}"
            : $"Score {Percent(explanation.Probability)}";

    // Small shares keep a decimal (0.4%), tiny ones say so (< 0.1%) rather than rounding to a misleading 0.0%.
    private static string Percent(double p) => (p * 100) switch
    {
        > 0 and < 0.1 => "< 0.1%",
        var v and > 0 and < 1 => v.ToString("0.0", CultureInfo.InvariantCulture) + "%",
        var v => Math.Round(v).ToString(CultureInfo.InvariantCulture) + "%",
    };
}
