using System.Text.Json;
using System.Text.Json.Serialization;

namespace BiasApp.Core.Rules;

/// <summary>The rule lexicon: group terms by axis, traits, generalisation patterns, loaded terms and negation cues.</summary>
public sealed record Lexicon(
    string Version,
    IReadOnlyList<LexiconGroup> Groups,
    IReadOnlyList<string> Traits,
    IReadOnlyList<LexiconPattern> Generalisations,
    IReadOnlyList<LexiconLoadedTerm> LoadedTerms,
    IReadOnlyList<string> NegationCues,
    IReadOnlyList<string>? NegationSuffixCues = null)
{
    /// <summary>The axes a group or loaded term may name.</summary>
    public static readonly IReadOnlySet<string> KnownAxes = new HashSet<string>(StringComparer.Ordinal)
    {
        "gender", "race", "nationality", "religion", "profession", "lgbtq+", "age", "disability",
    };

    /// <summary>Name of the lexicon embedded in BiasApp.Core.</summary>
    public const string EmbeddedResourceName = "BiasApp.Core.Rules.lexicon.jsonc";

    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        PropertyNameCaseInsensitive = true,
        Converters = { new JsonStringEnumConverter(allowIntegerValues: false) },
    };

    /// <summary>Loads and validates the lexicon shipped inside BiasApp.Core.</summary>
    public static Lexicon LoadEmbedded()
    {
        using var stream = typeof(Lexicon).Assembly.GetManifestResourceStream(EmbeddedResourceName)
            ?? throw new LexiconException($"embedded lexicon {EmbeddedResourceName} is missing from BiasApp.Core");
        using var reader = new StreamReader(stream);
        return Parse(reader.ReadToEnd(), "embedded lexicon.jsonc");
    }

    /// <summary>Loads and validates a lexicon file (JSON with comments).</summary>
    public static Lexicon LoadFile(string path)
    {
        if (!File.Exists(path)) throw new LexiconException($"lexicon file not found: {path}");
        return Parse(File.ReadAllText(path), path);
    }

    /// <summary>Parses and validates lexicon text; <paramref name="source"/> names it in error messages.</summary>
    public static Lexicon Parse(string json, string source)
    {
        Lexicon? lexicon;
        try
        {
            lexicon = JsonSerializer.Deserialize<Lexicon>(json, JsonOptions);
        }
        catch (JsonException ex)
        {
            throw new LexiconException($"lexicon {source} is not valid JSON at line {ex.LineNumber + 1}: {ex.Message}", ex);
        }
        if (lexicon is null) throw new LexiconException($"lexicon {source} is empty");
        var errors = lexicon.Validate();
        if (errors.Count > 0)
            throw new LexiconException($"lexicon {source} is invalid:{Environment.NewLine}  " + string.Join(Environment.NewLine + "  ", errors));
        return lexicon;
    }

    /// <summary>Every problem found: missing fields, unknown axes, duplicate terms or rule ids, patterns that do not compile.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(Version)) errors.Add("'version' is missing");
        if (Groups is null || Groups.Count == 0) errors.Add("'groups' is missing or empty");
        if (Generalisations is null) errors.Add("'generalisations' is missing");
        if (errors.Count > 0) return errors;

        var terms = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var group in Groups!)
        {
            if (group.Axis is null || !KnownAxes.Contains(group.Axis)) errors.Add($"group axis '{group.Axis}' is not one of {string.Join(", ", KnownAxes)}");
            foreach (var term in group.Terms ?? [])
            {
                if (string.IsNullOrWhiteSpace(term) || term.Split('/').Length > 2 || term.Split('/').Any(string.IsNullOrWhiteSpace))
                {
                    errors.Add($"group term '{term}' in axis '{group.Axis}' must be 'singular' or 'singular/plural'");
                    continue;
                }
                foreach (var form in GroupTermForms(term).Distinct(StringComparer.OrdinalIgnoreCase))
                {
                    if (!terms.TryAdd(form, group.Axis!)) errors.Add($"duplicate group term '{form}' (axes '{terms[form]}' and '{group.Axis}')");
                }
            }
        }
        AddDuplicates(errors, "trait", Traits ?? []);
        AddDuplicates(errors, "negation cue", NegationCues ?? []);
        AddDuplicates(errors, "negation suffix cue", NegationSuffixCues ?? []);

        var ids = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var rule in Generalisations!)
        {
            if (string.IsNullOrWhiteSpace(rule.Id)) { errors.Add($"a generalisation has no 'id' (pattern '{rule.Pattern}')"); continue; }
            if (!ids.Add(rule.Id)) errors.Add($"duplicate rule id '{rule.Id}'");
            if (string.IsNullOrWhiteSpace(rule.Pattern)) errors.Add($"rule '{rule.Id}' has no 'pattern'");
        }
        var loadedTerms = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var rule in LoadedTerms ?? [])
        {
            if (string.IsNullOrWhiteSpace(rule.Id)) { errors.Add("a loaded term has no 'id'"); continue; }
            if (!ids.Add(rule.Id)) errors.Add($"duplicate rule id '{rule.Id}'");
            if (rule.Terms is null || rule.Terms.Count == 0) errors.Add($"rule '{rule.Id}' has no 'terms'");
            if (rule.Axis is not null && !KnownAxes.Contains(rule.Axis)) errors.Add($"rule '{rule.Id}' names unknown axis '{rule.Axis}'");
            foreach (var term in rule.Terms ?? [])
            {
                if (string.IsNullOrWhiteSpace(term)) errors.Add($"rule '{rule.Id}' has an empty term");
                else if (!loadedTerms.Add(term.Trim())) errors.Add($"duplicate loaded term '{term}' (rule '{rule.Id}')");
            }
        }
        if (errors.Count > 0) return errors;

        // Compile last so that the messages above are not buried under knock-on regex errors.
        errors.AddRange(CompiledRules.CompileErrors(this));
        return errors;
    }

    /// <summary>The singular and plural spellings of a lexicon term ("woman/women" → woman, women; "nurse" → nurse, nurses).</summary>
    public static IEnumerable<string> GroupTermForms(string term)
    {
        var (singular, plural) = SplitTerm(term);
        yield return singular;
        yield return plural;
    }

    internal static (string Singular, string Plural) SplitTerm(string term)
    {
        var parts = term.Split('/', StringSplitOptions.TrimEntries);
        var singular = parts[0].ToLowerInvariant();
        var plural = parts.Length > 1 ? parts[1].ToLowerInvariant() : DefaultPlural(singular);
        return (singular, plural);
    }

    private static string DefaultPlural(string singular) =>
        singular.EndsWith('s') || singular.EndsWith('x') || singular.EndsWith("sh", StringComparison.Ordinal) || singular.EndsWith("ch", StringComparison.Ordinal)
            ? singular + "es"
            : singular + "s";

    private static void AddDuplicates(List<string> errors, string what, IEnumerable<string> items)
    {
        foreach (var duplicate in items.GroupBy(i => i.Trim(), StringComparer.OrdinalIgnoreCase).Where(g => g.Count() > 1))
            errors.Add($"duplicate {what} '{duplicate.Key}'");
    }
}
