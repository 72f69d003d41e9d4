using BiasApp.Core.Analysis;
using BiasApp.Explanations;
using MudBlazor;

namespace BiasApp.Analysis;

/// <summary>How a score is shown: theme colour and wording.</summary>
public static class Verdicts
{
    /// <summary>Caption shown instead of a verdict for a <see cref="Labels.TooShort"/> sentence.</summary>
    public const string TooShortCaption = "too short to judge";

    /// <summary>
    /// A sentence's colour, by its kind: stereotype red (error), portrayal amber (warning), reported grey (default), none
    /// green (success); warning (amber) when it needs review, whatever its kind. Too-short sentences are not coloured
    /// (<see cref="Color.Default"/>).
    /// </summary>
    public static Color ColorFor(AnalyzedSentence sentence) =>
        sentence.IsTooShort ? Color.Default
        : sentence.Review ? Color.Warning
        : ColorFor(sentence.Kind);

    /// <summary>The colour of a kind: stereotype error, portrayal warning, reported default (grey), none success.</summary>
    public static Color ColorFor(string kind) => kind switch
    {
        Kinds.Stereotype => Color.Error,
        Kinds.Portrayal => Color.Warning,
        Kinds.Reported => Color.Default,
        _ => Color.Success,
    };

    /// <summary>The short label of a kind on its chip: "Stereotype", "Portrayal", "Reported", "Not a stereotype".</summary>
    public static string KindText(string kind) => kind switch
    {
        Kinds.Stereotype => "Stereotype",
        Kinds.Portrayal => "Portrayal",
        Kinds.Reported => "Reported",
        _ => "Not a stereotype",
    };

    /// <summary>What a kind means, for its chip's tooltip.</summary>
    public static string KindMeaning(string kind) => kind switch
    {
        Kinds.Stereotype => "Asserts a generalisation about a social group.",
        Kinds.Portrayal => "Describes particular people through a trait stereotypically tied to their group.",
        Kinds.Reported => "Carries a stereotype without asserting it: quotes, reports, questions, denies or rejects it.",
        _ => "States no stereotype.",
    };

    /// <summary>The tooltip of a sentence's chip: the kind's meaning, then its cue where one was found.</summary>
    public static string KindTooltip(AnalyzedSentence sentence) =>
        sentence.KindCue is { } cue ? $"{KindMeaning(sentence.Kind)} Here: {cue}." : KindMeaning(sentence.Kind);

    /// <summary>
    /// The tooltip of the "Team decision" chip: who decided, when (UTC), the sentence it was decided on, how close this one is
    /// and what the model said.
    /// </summary>
    public static string DecisionTooltip(AnalyzedSentence sentence) =>
        sentence.Decision is not { } d ? "" : DecisionTooltip(d, sentence.ModelKind ?? sentence.Kind);

    /// <summary>As <see cref="DecisionTooltip(AnalyzedSentence)"/>, for decision <paramref name="d"/> over a sentence the model called <paramref name="modelKind"/>.</summary>
    public static string DecisionTooltip(Core.Decisions.AppliedDecision d, string modelKind) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"Decided {KindText(d.Kind).ToLowerInvariant()} by {d.DecidedBy} on {d.DecidedAt:yyyy-MM-dd HH:mm} UTC, on the sentence “{d.Text}” (similarity {d.Similarity:0.00}). The model said: {KindText(modelKind).ToLowerInvariant()}.");

    /// <summary>CSS colour of a sentence's left border: the theme's disabled-text grey for too-short sentences, else its <see cref="ColorFor(AnalyzedSentence)"/>.</summary>
    public static string BorderColor(AnalyzedSentence sentence) =>
        sentence.IsTooShort ? "var(--mud-palette-text-disabled)" : Heatmap.CssVariable(ColorFor(sentence));

    /// <summary>Background of a sentence highlighted in the original text: its <see cref="ColorFor(AnalyzedSentence)"/>, lightened.</summary>
    public static string HighlightColor(AnalyzedSentence sentence) =>
        $"color-mix(in srgb, {Heatmap.CssVariable(ColorFor(sentence))} 25%, transparent)";

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
        var says = sentence.Kind == Kinds.Reported ? "reported, not asserted" : "not a stereotype";
        return $"{named} (high) fired, but the model says {says} ({Percent(sentence.Probability)}).";
    }

    /// <summary>A probability as a whole percentage, e.g. <c>87%</c>.</summary>
    public static string Percent(float probability) => $"{Math.Round(probability * 100):0}%";
}
