using BiasApp.Core.Analysis;

namespace BiasApp.Analysis;

/// <summary>Cuts a sentence's text into plain parts and rule-hit parts, for underlining.</summary>
public static class RuleSpans
{
    /// <summary>One run of text, with the hit that covers it (null for plain text).</summary>
    public readonly record struct Part(string Text, RuleHit? Hit);

    /// <summary>Parts in order; overlapping hits are resolved in favour of the earlier one.</summary>
    public static IReadOnlyList<Part> Split(AnalyzedSentence sentence)
    {
        var parts = new List<Part>();
        var text = sentence.Text;
        var position = 0;
        foreach (var hit in (sentence.RuleHits ?? []).OrderBy(h => h.Start))
        {
            var start = Math.Clamp(hit.Start - sentence.Start, 0, text.Length);
            var end = Math.Clamp(hit.Start - sentence.Start + hit.Length, 0, text.Length);
            if (start < position || end <= start) continue;
            if (start > position) parts.Add(new Part(text[position..start], null));
            parts.Add(new Part(text[start..end], hit));
            position = end;
        }
        if (position < text.Length) parts.Add(new Part(text[position..], null));
        return parts;
    }

    /// <summary>A one-line description of a hit for tooltips and screen readers.</summary>
    public static string Describe(RuleHit hit)
    {
        var what = hit.Kind == "generalisation" ? $"generalisation{(hit.Axis is null ? "" : $" about {hit.Axis}")}" : "loaded term";
        var flags = (hit.Negated ? ", negated" : "") + (hit.Quoted ? ", quoted" : "");
        var suggestion = hit.Suggestion is null ? "" : $"; consider \"{hit.Suggestion}\"";
        return $"Rule {hit.RuleId}: {what} ({hit.Severity}{flags}){suggestion}";
    }
}
