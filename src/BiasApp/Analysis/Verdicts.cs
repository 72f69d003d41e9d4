using BiasApp.Core.Analysis;
using BiasApp.Explanations;
using MudBlazor;

namespace BiasApp.Analysis;

/// <summary>How a score is shown: theme colour and wording.</summary>
public static class Verdicts
{
    /// <summary>Caption shown instead of a verdict for a <see cref="Labels.TooShort"/> sentence.</summary>
    public const string TooShortCaption = "too short to judge";

    /// <summary>Error colour at or above the threshold, warning within 0.2 below it, success otherwise.</summary>
    public static Color ColorFor(float probability, double threshold) =>
        probability >= threshold ? Color.Error
        : probability >= threshold - 0.2 ? Color.Warning
        : Color.Success;

    /// <summary>
    /// A sentence's colour: warning (amber) when it needs review, whatever its score; otherwise as
    /// <see cref="ColorFor(float, double)"/>. Too-short sentences are not coloured (<see cref="Color.Default"/>).
    /// </summary>
    public static Color ColorFor(AnalyzedSentence sentence, double threshold) =>
        sentence.IsTooShort ? Color.Default
        : sentence.Review ? Color.Warning
        : ColorFor(sentence.Probability, threshold);

    /// <summary>CSS colour of a sentence's left border: the theme's disabled-text grey for too-short sentences, else its <see cref="ColorFor(AnalyzedSentence, double)"/>.</summary>
    public static string BorderColor(AnalyzedSentence sentence, double threshold) =>
        sentence.IsTooShort ? "var(--mud-palette-text-disabled)" : Heatmap.CssVariable(ColorFor(sentence, threshold));

    /// <summary>Background of a sentence highlighted in the original text: its <see cref="ColorFor(AnalyzedSentence, double)"/>, lightened.</summary>
    public static string HighlightColor(AnalyzedSentence sentence, double threshold) =>
        $"color-mix(in srgb, {Heatmap.CssVariable(ColorFor(sentence, threshold))} 25%, transparent)";

    /// <summary>Element id of a sentence's card, by its offset (unique within a result), e.g. <c>sentence-at-42</c>.</summary>
    public static string CardId(AnalyzedSentence sentence) => $"sentence-at-{sentence.Start}";

    /// <summary>Human wording of a label.</summary>
    public static string LabelText(string label) => label switch
    {
        Labels.Stereotype => "Stereotype",
        Labels.TooShort => "Too short to judge",
        _ => "Not a stereotype",
    };

    /// <summary>
    /// Tooltip of the needs-review chip: the high-severity rules that fired and what the model said, e.g.
    /// <c>Rule gen.all-x-are (high) fired, but the model says not a stereotype (12%).</c>
    /// </summary>
    public static string ReviewReason(AnalyzedSentence sentence)
    {
        var rules = (sentence.RuleHits ?? []).Where(h => h.IsHighSeverity).Select(h => h.RuleId).Distinct().ToArray();
        var named = rules.Length == 1 ? $"Rule {rules[0]}" : $"Rules {string.Join(", ", rules)}";
        return $"{named} (high) fired, but the model says not a stereotype ({Percent(sentence.Probability)}).";
    }

    /// <summary>A probability as a whole percentage, e.g. <c>87%</c>.</summary>
    public static string Percent(float probability) => $"{Math.Round(probability * 100):0}%";
}
