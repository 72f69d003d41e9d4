using System.Text;
using System.Text.RegularExpressions;

namespace BiasApp.Core.Rules;

/// <summary>Turns lexicon entries into regex source: placeholders expanded, spaces made flexible, word boundaries added.</summary>
internal static class CompiledRules
{
    public const RegexOptions Options = RegexOptions.CultureInvariant | RegexOptions.IgnoreCase | RegexOptions.ExplicitCapture;

    // Head nouns that turn an adjective-like term into a group: "Mexican people", "gay men", "an Asian woman".
    private const string SingularHeads = "man|woman|guy|girl|boy|person|lady|kid|child|individual|student|worker|family|community";
    private const string PluralHeads = "people|men|women|guys|girls|boys|folks|kids|children|persons|ladies|individuals|students|workers|families|communities|americans|immigrants";
    private const string Possessive = "(?:'s?)?";
    // "women's brains are", "Asians' parents are": a plural possessive may carry the noun it owns.
    private const string PluralPossessive = @"(?:'s?(?:\s+(?!(?:are|is|was|were|have|can|do|tend)\b)[a-z]+)?)?";
    private static readonly Regex Placeholder = new(@"\{(\w+)\}", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));

    public static IEnumerable<string> CompileErrors(Lexicon lexicon)
    {
        var expansions = Expansions(lexicon);
        foreach (var rule in lexicon.Generalisations)
        {
            string? error = null;
            try
            {
                _ = new Regex(GeneralisationSource(rule.Pattern, expansions), Options, TimeSpan.FromSeconds(1));
            }
            catch (ArgumentException ex)
            {
                error = $"rule '{rule.Id}' pattern '{rule.Pattern}' does not compile: {ex.Message}";
            }
            catch (KeyNotFoundException ex)
            {
                error = $"rule '{rule.Id}' pattern '{rule.Pattern}': {ex.Message}";
            }
            if (error is not null) yield return error;
        }
    }

    public static IReadOnlyDictionary<string, string> Expansions(Lexicon lexicon)
    {
        var singular = new List<string>();
        var plural = new List<string>();
        foreach (var term in lexicon.Groups.SelectMany(g => g.Terms))
        {
            var (s, p) = Lexicon.SplitTerm(term);
            singular.Add(s);
            plural.Add(p);
        }
        var sing = Alternation(singular);
        var plur = Alternation(plural);
        var all = Alternation(singular.Concat(plural));
        return new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["singular"] = $"(?<group>(?:{sing})(?:\\s+(?:{SingularHeads}))?){Possessive}",
            ["plural"] = $"(?<group>(?:{sing})\\s+(?:{PluralHeads})|(?:{plur})){PluralPossessive}",
            ["group"] = $"(?<group>(?:{sing})\\s+(?:{PluralHeads}|{SingularHeads})|(?:{all})){Possessive}",
            ["trait"] = $"(?:{Alternation(lexicon.Traits ?? [])})",
        };
    }

    /// <summary>Regex source for a generalisation pattern; spaces match any whitespace and the whole is word-bounded.</summary>
    public static string GeneralisationSource(string pattern, IReadOnlyDictionary<string, string> expansions)
    {
        var flexible = pattern.Replace(" ", @"\s+", StringComparison.Ordinal);
        var expanded = Placeholder.Replace(flexible, m => expansions.TryGetValue(m.Groups[1].Value, out var source)
            ? source
            : throw new KeyNotFoundException($"unknown placeholder {{{m.Groups[1].Value}}}; use {{group}}, {{singular}}, {{plural}} or {{trait}}"));
        return $@"(?<!\w)(?:{expanded})(?!\w)";
    }

    /// <summary>Regex source matching any of <paramref name="terms"/> as whole words.</summary>
    public static string LiteralSource(IEnumerable<string> terms) => $@"(?<!\w)(?:{Alternation(terms)})(?!\w)";

    /// <summary>Longest first, so that "african american" wins over "african".</summary>
    private static string Alternation(IEnumerable<string> terms) =>
        string.Join("|", terms
            .Select(t => t.Trim().ToLowerInvariant())
            .Where(t => t.Length > 0)
            .Distinct(StringComparer.Ordinal)
            .OrderByDescending(t => t.Length)
            .ThenBy(t => t, StringComparer.Ordinal)
            .Select(Literal));

    private static string Literal(string term)
    {
        var builder = new StringBuilder();
        foreach (var word in term.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (builder.Length > 0) builder.Append(@"\s+");
            builder.Append(Regex.Escape(word));
        }
        return builder.ToString();
    }
}
