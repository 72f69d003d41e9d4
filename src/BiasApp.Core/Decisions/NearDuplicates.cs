using System.Text.RegularExpressions;
using BiasApp.Core.Classification;
using BiasApp.Core.Rules;

namespace BiasApp.Core.Decisions;

/// <summary>
/// The words two sentences may differ in and still be near-duplicates: numbers, and names or places (a capitalised word
/// that is not one of the lexicon's group words, so "Maria" → "Anna" or "Naples" → "Palermo" but not "Muslims" →
/// "Christians"). Casing, punctuation and a leading discourse marker are already gone after <see cref="SentenceNormaliser"/>.
/// The embedding alone scores a swapped group or a flipped adjective ("bad" → "good") as high as a changed number, so
/// <see cref="DecisionMatcher"/> asks both.
/// </summary>
public sealed partial class NearDuplicates(IReadOnlySet<string> groupWords)
{
    private static readonly HashSet<string> NumberWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve", "twenty",
        "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety", "hundred", "thousand", "million", "dozen",
    };

    /// <summary>The group words (lower case, every word of every singular and plural term) of <paramref name="lexicon"/>.</summary>
    public static NearDuplicates From(Lexicon lexicon) => new(lexicon.Groups
        .SelectMany(g => g.Terms).SelectMany(Lexicon.GroupTermForms)
        .SelectMany(t => t.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        .ToHashSet(StringComparer.OrdinalIgnoreCase));

    [GeneratedRegex(@"[\p{L}\p{N}][\p{L}\p{N}'’.,-]*[\p{L}\p{N}]|[\p{L}\p{N}]")]
    private static partial Regex Word();

    /// <summary>The words of <paramref name="text"/> after <see cref="SentenceNormaliser"/>, as written.</summary>
    public static string[] Words(string text) =>
        Word().Matches(SentenceNormaliser.Normalise(text)).Select(m => m.Value).ToArray();

    /// <summary>True when every word in one of the two word lists and not the other (ignoring case) is a number, a name or a place.</summary>
    public bool DifferOnlyInDetails(string[] a, string[] b)
    {
        var left = new List<string>(a);
        var extra = new List<string>();
        foreach (var word in b)
        {
            var i = left.FindIndex(w => string.Equals(w, word, StringComparison.OrdinalIgnoreCase));
            if (i >= 0) left.RemoveAt(i);
            else extra.Add(word);
        }
        return left.All(IsDetail) && extra.All(IsDetail);
    }

    /// <summary>True when <paramref name="word"/> (as written) is a number, a name or a place.</summary>
    internal bool IsDetail(string word) =>
        char.IsDigit(word[0]) || NumberWords.Contains(word) || (char.IsUpper(word[0]) && !groupWords.Contains(word));
}
