using System.Text.RegularExpressions;

namespace BiasApp.Core.Analysis;

/// <summary>
/// Says in words which cue in a sentence goes with its kind, where a word can be pointed at: "rejected by 'myth'",
/// "reported with 'says'", "asked as a question", "denied by 'not'", or for a portrayal the particular person it is about.
/// The model decides the kind from the whole sentence; this only names the most likely cue for a reader. Null when none
/// is found, and for <see cref="Kinds.Stereotype"/> and <see cref="Kinds.None"/>, which the heatmap explains.
/// </summary>
public static partial class KindCues
{
    [GeneratedRegex(@"\b(myths?|stereotypes?|stereotypical|clich[eé]s?|prejudiced?|prejudices|bias(?:ed)?|unfair|wrong|false|untrue|nonsense|ridiculous|absurd|generali[sz]ations?|racist|sexist|bigoted|bigotry|offensive|harmful|hurtful|outdated|lazy thinking|not true|no evidence|debunked|ignorant)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Rejection();

    [GeneratedRegex(@"\b(say|says|said|saying|claim|claims|claimed|claiming|believes?|believed|thinks|thought|told|tells|assumes?|assumed|insists?|insisted|jokes?|joked|according to|calling|call|called|heard|rumou?rs?|supposedly|allegedly|so-called)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Reporting();

    [GeneratedRegex(@"\b(not|never|no|nobody|none|isn't|aren't|wasn't|weren't|don't|doesn't|didn't|can't|cannot|won't|shouldn't|mustn't)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Negation();

    [GeneratedRegex(@"\b(?i:the|a|an|my|our|his|her|their|this|that|these|those|one)\s+(?:[A-Z][\p{L}-]*\s+)?[\p{L}-]+", RegexOptions.CultureInvariant)]
    private static partial Regex ParticularPerson();

    /// <summary>The cue for <paramref name="kind"/> in <paramref name="sentence"/>, or null.</summary>
    public static string? Describe(string sentence, string kind)
    {
        if (kind == Kinds.Reported)
        {
            if (Rejection().Match(sentence) is { Success: true } rejected) return $"rejected by '{rejected.Value}'";
            if (Reporting().Match(sentence) is { Success: true } reported) return $"reported with '{reported.Value}'";
            if (sentence.TrimEnd().EndsWith('?')) return "asked as a question";
            if (Negation().Match(sentence) is { Success: true } denied) return $"denied by '{denied.Value}'";
            return null;
        }
        if (kind == Kinds.Portrayal && ParticularPerson().Match(sentence) is { Success: true } person)
            return $"about particular people: '{person.Value}'";
        return null;
    }
}
