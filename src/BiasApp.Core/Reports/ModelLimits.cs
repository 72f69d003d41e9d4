using System.Globalization;
using System.Text.Json;
using BiasApp.Core.Classification;

namespace BiasApp.Core.Reports;

/// <summary>One measured figure of the model, with its target where <c>model.json</c> names one.</summary>
/// <param name="Measure">What was measured, in words.</param>
/// <param name="Value">The figure as written: a percentage, a macro-F1.</param>
/// <param name="Target">The target it was held to; null when none is named.</param>
public sealed record MeasuredLimit(string Measure, string Value, string? Target);

/// <summary>
/// The model's measured limits for a report, read from <c>model.json</c> (<see cref="ModelCard"/>): the figures of the
/// card's own version in <c>side_by_side</c> (a model with kind heads) or else in <c>metrics</c> (the EMGSD benchmark, the
/// contrast suite and the real-world slices, keyed <c>model_2_2_0</c>). A card without figures for its version gives none.
/// </summary>
public static class ModelLimits
{
    // Wording of the figures model.json names; a key not listed here is written with its underscores as spaces.
    private static readonly Dictionary<string, string> Names = new(StringComparer.Ordinal)
    {
        ["emgsd_dev_macro_f1"] = "EMGSD benchmark, dev slice: macro-F1",
        ["everyday_flagged"] = "Everyday texts (tweets, reviews, headlines) flagged: false alarms",
        ["wikipedia_flagged"] = "Wikipedia sentences about groups flagged: false alarms",
        ["reported_called_stereotype_dev_1005"] = "Reported stereotypes (quoted, rejected, asked) called a stereotype, 1,005 dev rows",
        ["contrast_kinds_right_255"] = "Hand-written contrast suite: kind right, 255 cases",
        ["asserted_recall_contrast_realworld_unseen_templates"] = "Asserted stereotypes found: contrast suite / real-world / unseen templates",
        ["variant_sets_one_kind_46"] = "Rewordings of one sentence given one kind, 46 sets",
    };

    /// <summary>The measured figures of <paramref name="card"/>'s own version, in the order model.json lists them.</summary>
    public static IReadOnlyList<MeasuredLimit> Of(ModelCard card)
    {
        var limits = new List<MeasuredLimit>();
        if (card.SideBySide is { ValueKind: JsonValueKind.Object } side)
        {
            foreach (var entry in side.EnumerateObject())
            {
                if (entry.Value.ValueKind != JsonValueKind.Object || !entry.Value.TryGetProperty(card.Version, out var value)) continue;
                var target = entry.Value.TryGetProperty("target", out var t) ? t
                    : entry.Value.TryGetProperty("target_flagged", out var tf) ? tf : (JsonElement?)null;
                var f1 = entry.Name.Contains("f1", StringComparison.Ordinal);
                var falseAlarms = entry.Name.EndsWith("_flagged", StringComparison.Ordinal) || entry.Name.StartsWith("reported_called", StringComparison.Ordinal);
                limits.Add(new MeasuredLimit(Names.GetValueOrDefault(entry.Name) ?? entry.Name.Replace('_', ' '), Figure(value, f1),
                    target is { } goal ? (falseAlarms ? "at most " : "at least ") + Figure(goal, f1) : null));
            }
        }
        if (limits.Count == 0 && card.Metrics is { ValueKind: JsonValueKind.Object } metrics) limits.AddRange(FromMetrics(metrics, card.Version));
        return limits;
    }

    private static IEnumerable<MeasuredLimit> FromMetrics(JsonElement metrics, string version)
    {
        var key = "model_" + version.Replace('.', '_');
        if (metrics.TryGetProperty("benchmark_emgsd_dev_slice", out var emgsd) && emgsd.TryGetProperty(key + "_int8", out var f1))
            yield return new MeasuredLimit("EMGSD benchmark, dev slice: macro-F1", Figure(f1, f1: true), Target(metrics, "emgsd_macro_f1_min", "at least ", true));
        if (metrics.TryGetProperty("contrast_suite", out var contrast) && contrast.TryGetProperty(key + "_accuracy", out var accuracy))
            yield return new MeasuredLimit("Hand-written contrast suite right", Figure(accuracy, false), Target(metrics, "contrast_accuracy_min", "at least ", false));
        if (metrics.TryGetProperty("real_world_dev_slices", out var slices) && slices.TryGetProperty(key, out var model)
            && model.TryGetProperty("groups", out var groups) && groups.ValueKind == JsonValueKind.Object)
        {
            foreach (var group in groups.EnumerateObject())
            {
                if (!group.Value.TryGetProperty("flagged", out var flagged)) continue;
                var rows = group.Value.TryGetProperty("rows", out var r) && r.TryGetInt32(out var n) ? $", {n.ToString("N0", CultureInfo.InvariantCulture)} rows" : "";
                yield return new MeasuredLimit($"Flagged: {group.Name}{rows}", Figure(flagged, false), null);
            }
        }
    }

    private static string? Target(JsonElement metrics, string name, string prefix, bool f1) =>
        metrics.TryGetProperty("targets", out var targets) && targets.TryGetProperty(name, out var value) ? prefix + Figure(value, f1) : null;

    // A share as a percentage with one decimal, a macro-F1 as three decimals, a list of shares joined by " / ".
    private static string Figure(JsonElement value, bool f1) => value.ValueKind switch
    {
        JsonValueKind.Number when f1 => value.GetDouble().ToString("0.000", CultureInfo.InvariantCulture),
        JsonValueKind.Number => ReportText.Rate(value.GetDouble()),
        JsonValueKind.Array => string.Join(" / ", value.EnumerateArray().Select(v => Figure(v, f1))),
        _ => value.ToString(),
    };
}
