using System.Text.RegularExpressions;

namespace BiasApp.Core.Classification;

/// <summary>
/// The text normalisation model 3.0.0's kind heads were fitted with (training/kinds, model.json <c>kinds.normalise</c>):
/// a leading discourse marker followed by a comma or colon is removed (repeatedly: "Honestly, to be fair, X" → "X"),
/// runs of whitespace become one space, and the end punctuation is made uniform (none, "!", "...", "…" → "."; "?!" → "?").
/// The annotation guide says markers and punctuation never change a sentence's kind; removing them before the model
/// makes the verdict (and the content probability) the same for such variants. training/kinds/heads.py has the same
/// rules in Python (check_model.py checks the two agree).
/// </summary>
public static partial class SentenceNormaliser
{
    /// <summary>The discourse markers removed at the start of a sentence (when a comma or colon follows).</summary>
    public static readonly IReadOnlyList<string> Markers =
    [
        "honestly", "frankly", "to be fair", "to be honest", "let's face it", "let's be honest", "let's be real",
        "seriously", "basically", "look", "listen", "well", "so", "ok", "okay", "anyway", "i mean", "personally",
        "truthfully", "trust me", "sorry", "no offence", "no offense", "just saying", "lol", "ugh", "yeah", "right",
        "come on", "mind you", "of course", "obviously", "clearly", "naturally", "admittedly", "not gonna lie",
        "you know what", "in all honesty", "if i'm honest", "believe it or not", "funnily enough", "to be clear",
        "truth be told", "between you and me", "frankly speaking", "face it", "look here", "let me be clear",
        "quite frankly", "in fairness", "fair enough", "for real", "tbh", "ngl", "imo", "imho", "i swear",
        "if you ask me",
    ];

    private static readonly Regex Marker = new(
        @"^\s*(?:" + string.Join("|", Markers.OrderByDescending(m => m.Length).Select(m => Regex.Escape(m).Replace("'", "['’]"))) + @")\s*[,:]\s*(?:but\s+)?",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Compiled);

    [GeneratedRegex(@"\?[!?]*$|!+\?[!?]*$")]
    private static partial Regex QuestionEnd();

    [GeneratedRegex(@"(?:[.!…]\s*)+$")]
    private static partial Regex StatementEnd();

    /// <summary>The normalised sentence (see the class summary); an empty or blank text comes back empty.</summary>
    public static string Normalise(string text) => NormaliseMapped(text).Text;

    /// <summary>
    /// As <see cref="Normalise"/>, with where each character of the result came from: <c>Origins[i]</c> is the offset in
    /// <paramref name="text"/> of result character <c>i</c> (a replaced or added end mark points at the last character kept).
    /// Explanations of the normalised sentence use it to put their words back on the sentence as written.
    /// </summary>
    public static NormalisedSentence NormaliseMapped(string text)
    {
        var chars = new List<char>(text.Length + 1);
        var origins = new List<int>(text.Length + 1);
        var pendingSpace = -1;
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsWhiteSpace(text[i]))
            {
                if (chars.Count > 0 && pendingSpace < 0) pendingSpace = i;
                continue;
            }
            if (pendingSpace >= 0)
            {
                chars.Add(' ');
                origins.Add(pendingSpace);
                pendingSpace = -1;
            }
            chars.Add(text[i]);
            origins.Add(i);
        }
        var t = new string(chars.ToArray());
        var skip = 0;
        while (true)
        {
            var m = Marker.Match(t);
            if (!m.Success || m.Index + m.Length >= t.Length) break;
            t = t[(m.Index + m.Length)..];
            skip += m.Index + m.Length;
        }
        var kept = origins.GetRange(skip, origins.Count - skip);
        if (skip > 0) t = char.ToUpperInvariant(t[0]) + t[1..];
        t = ReplaceEnd(t, kept, QuestionEnd().Match(t), "?");
        t = ReplaceEnd(t, kept, StatementEnd().Match(t), ".");
        if (t.Length > 0 && !".?!\"'”’)".Contains(t[^1]))
        {
            t += ".";
            kept.Add(kept[^1]);
        }
        return new NormalisedSentence(t, kept, origins.Count == 0 ? 0 : origins[^1] + 1);
    }

    private static string ReplaceEnd(string t, List<int> origins, Match end, string mark)
    {
        if (!end.Success || end.Length == 0) return t;
        var origin = origins[end.Index];
        origins.RemoveRange(end.Index, origins.Count - end.Index);
        origins.Add(origin);
        return t[..end.Index] + mark;
    }
}
