using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace BiasApp.Core.Rules;

/// <summary>
/// Rule-based stereotype detector over a <see cref="Lexicon"/>. Immutable after construction and safe to share
/// as a singleton. Matching runs on a copy of the text with typographic apostrophes, quotes and dashes replaced
/// one-for-one, so spans index the original text.
/// </summary>
public sealed class RuleDetector
{
    /// <summary>Score at or above which <see cref="Score"/> calls a sentence a stereotype: 0.5.</summary>
    public const double Threshold = 0.5;

    /// <summary>Default regex time limit per rule and text: 500 ms.</summary>
    public static readonly TimeSpan DefaultMatchTimeout = TimeSpan.FromMilliseconds(500);

    private const int NegationWindow = 80;
    private readonly Rule[] _rules;
    private readonly Regex _trait;
    private readonly Dictionary<string, (string Axis, string Term)> _groupTerms;
    private readonly string[] _negationCues;
    private readonly string[] _negationSuffixCues;
    private readonly ILogger _logger;

    /// <param name="lexicon">A validated lexicon (<see cref="Lexicon.LoadEmbedded"/> or <see cref="Lexicon.LoadFile"/>).</param>
    /// <param name="matchTimeout">Time limit per rule and text; a rule that runs out is skipped for that text. Default <see cref="DefaultMatchTimeout"/>.</param>
    /// <param name="logger">Receives a warning when a rule times out. Default none.</param>
    public RuleDetector(Lexicon lexicon, TimeSpan? matchTimeout = null, ILogger<RuleDetector>? logger = null)
    {
        Lexicon = lexicon;
        _logger = logger ?? (ILogger)NullLogger.Instance;
        var timeout = matchTimeout ?? DefaultMatchTimeout;
        const RegexOptions options = CompiledRules.Options;
        var expansions = CompiledRules.Expansions(lexicon);
        var rules = new List<Rule>();
        foreach (var g in lexicon.Generalisations)
        {
            var regex = new Regex(CompiledRules.GeneralisationSource(g.Pattern, expansions), options, timeout);
            rules.Add(new Rule(g.Id, RuleKind.Generalisation, null, g.Severity, null, regex));
        }
        foreach (var t in lexicon.LoadedTerms)
        {
            var regex = new Regex(CompiledRules.LiteralSource(t.Terms), options, timeout);
            rules.Add(new Rule(t.Id, RuleKind.LoadedTerm, t.Axis, t.Severity, t.Suggestion, regex));
        }
        _rules = [.. rules];
        _trait = new Regex(CompiledRules.LiteralSource(lexicon.Traits ?? []), options, timeout);

        _groupTerms = new Dictionary<string, (string, string)>(StringComparer.OrdinalIgnoreCase);
        foreach (var group in lexicon.Groups)
        {
            foreach (var term in group.Terms)
            {
                var (singular, plural) = Lexicon.SplitTerm(term);
                _groupTerms.TryAdd(singular, (group.Axis, singular));
                _groupTerms.TryAdd(plural, (group.Axis, singular));
            }
        }
        _negationCues = [.. lexicon.NegationCues.Select(c => c.ToLowerInvariant())];
        _negationSuffixCues = [.. (lexicon.NegationSuffixCues ?? []).Select(c => c.ToLowerInvariant())];

        // The first match on a compiled regex pays for JIT; pay it here rather than time out on a user's first text.
        foreach (var regex in _rules.Select(r => r.Regex).Append(_trait))
        {
            try
            {
                regex.IsMatch("All of them are never lazy.");
            }
            catch (RegexMatchTimeoutException)
            {
                // A loaded machine can spend the whole limit in the JIT; the next call is fast either way.
            }
        }
    }

    /// <summary>The lexicon in use; cite <see cref="Lexicon.Version"/> beside results.</summary>
    public Lexicon Lexicon { get; }

    /// <summary>Builds a detector over the lexicon embedded in BiasApp.Core.</summary>
    public static RuleDetector CreateDefault() => new(Lexicon.LoadEmbedded());

    /// <summary>Every rule hit in <paramref name="text"/>, in text order. Never throws on hostile input: a rule that times out is skipped.</summary>
    public IReadOnlyList<RuleMatch> Detect(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length == 0) return [];
        var normalised = Normalise(text);
        var lower = normalised.ToLowerInvariant();
        var quotes = QuotePrefixCounts(normalised);
        var matches = new List<RuleMatch>();
        foreach (var rule in _rules)
        {
            try
            {
                for (var m = rule.Regex.Match(normalised); m.Success; m = m.NextMatch())
                {
                    if (m.Length == 0) continue;
                    matches.Add(ToMatch(rule, m, text, lower, quotes));
                }
            }
            catch (RegexMatchTimeoutException)
            {
                _logger.LogWarning("Rule {RuleId} timed out on a text of {Length} characters; skipped", rule.Id, text.Length);
            }
        }
        matches.Sort((a, b) => a.Start != b.Start ? a.Start.CompareTo(b.Start) : b.Length.CompareTo(a.Length));
        return matches;
    }

    /// <summary>
    /// Sentence-level verdict for use when the model is off. Each generalisation that is not negated gives evidence by
    /// severity (high 0.45, medium 0.35, low 0.25), plus 0.4 when it carries a trait word ("X are lazy"), less 0.2 when
    /// quoted; the strongest hit decides. So a generalisation with a trait is a stereotype and a bare "all X are ..."
    /// is a hit but not a verdict: on train.csv bare generalisations were right barely more often than the base rate.
    /// Loaded terms give at most 0.3 and never make a stereotype on their own. Weights were set on train.csv only.
    /// </summary>
    public RuleVerdict Score(string sentence)
    {
        var matches = Detect(sentence);
        var score = 0.0;
        foreach (var m in matches)
        {
            if (m.Negated) continue;
            var evidence = m.Kind == RuleKind.LoadedTerm
                ? m.Severity == RuleSeverity.High ? 0.3 : 0.15
                : m.Severity switch { RuleSeverity.High => 0.45, RuleSeverity.Medium => 0.35, _ => 0.25 } + (m.Trait is null ? 0 : 0.4);
            if (m.Quoted) evidence -= 0.2;
            score = Math.Max(score, Math.Clamp(evidence, 0, 0.99));
        }
        score = Math.Round(score, 4);
        return new RuleVerdict(score, score >= Threshold, matches);
    }

    private RuleMatch ToMatch(Rule rule, Match m, string original, string lower, int[] quotes)
    {
        string? axis = rule.Axis, term = null;
        var group = m.Groups["group"];
        if (group.Success && LookUpGroup(group.Value) is { } found) (axis, term) = found;
        var negated = IsNegated(lower, m.Index, m.Length);
        var quoted = quotes[m.Index] % 2 == 1;
        var trait = rule.Kind == RuleKind.Generalisation ? FindTrait(lower, m.Index, m.Length) : null;
        return new RuleMatch(m.Index, m.Length, rule.Id, rule.Kind, axis, rule.Severity, term, rule.Suggestion, negated, quoted,
            original.Substring(m.Index, m.Length), trait);
    }

    // A trait inside the hit or after it in the same sentence ("all X are, frankly, lazy").
    private string? FindTrait(string lower, int start, int length)
    {
        var sentenceEnd = lower.IndexOfAny(SentenceEnds, start + length);
        var end = Math.Min(sentenceEnd < 0 ? lower.Length : sentenceEnd, start + length + NegationWindow);
        var m = _trait.Match(lower, start, end - start);
        return m.Success ? m.Value : null;
    }

    private (string Axis, string Term)? LookUpGroup(string value)
    {
        var words = Regex.Split(value.Trim().ToLowerInvariant(), @"\s+", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
        var key = string.Join(' ', words);
        if (_groupTerms.TryGetValue(key, out var hit)) return hit;
        // "Mexican people", "the Asian woman": drop the head noun the pattern allowed after the term.
        return words.Length > 1 && _groupTerms.TryGetValue(string.Join(' ', words[..^1]), out hit) ? hit : null;
    }

    private bool IsNegated(string lower, int start, int length)
    {
        var sentenceStart = Math.Max(lower.LastIndexOfAny(SentenceEnds, Math.Max(start - 1, 0)) + 1, Math.Max(0, start - NegationWindow));
        if (start > 0 && sentenceStart > start) sentenceStart = start;
        // The first words of the hit belong to the window too, so that "not all" in "not all X are" is seen.
        var before = lower.AsSpan(sentenceStart, Math.Min(start + length, start + 12) - sentenceStart);
        foreach (var cue in _negationCues)
        {
            if (ContainsPhrase(before, cue)) return true;
        }
        var end = start + length;
        var sentenceEnd = lower.IndexOfAny(SentenceEnds, end);
        var after = lower.AsSpan(end, Math.Min(sentenceEnd < 0 ? lower.Length - end : sentenceEnd - end, NegationWindow));
        foreach (var cue in _negationSuffixCues)
        {
            if (ContainsPhrase(after, cue)) return true;
        }
        return false;
    }

    private static readonly char[] SentenceEnds = ['.', '!', '?', '\n', ';'];

    private static bool ContainsPhrase(ReadOnlySpan<char> haystack, string phrase)
    {
        for (var at = haystack.IndexOf(phrase, StringComparison.Ordinal); at >= 0;)
        {
            var end = at + phrase.Length;
            var startsWord = at == 0 || !char.IsLetterOrDigit(haystack[at - 1]);
            var endsWord = end == haystack.Length || !char.IsLetterOrDigit(haystack[end]);
            if (startsWord && endsWord) return true;
            var next = haystack[(at + 1)..].IndexOf(phrase, StringComparison.Ordinal);
            at = next < 0 ? -1 : at + 1 + next;
        }
        return false;
    }

    /// <summary>
    /// Replaces typographic apostrophes, quotes, dashes and non-breaking spaces with ASCII, one character for one,
    /// so offsets in the result are offsets in <paramref name="text"/>.
    /// </summary>
    public static string Normalise(string text) => string.Create(text.Length, text, static (span, source) =>
    {
        for (var i = 0; i < source.Length; i++)
        {
            span[i] = source[i] switch
            {
                '\u2019' or '\u2018' or '\u02BC' or '\u2032' or '`' or '\u00B4' => '\'',
                '\u201C' or '\u201D' or '\u201E' or '\u00AB' or '\u00BB' or '\u2033' => '"',
                '\u2010' or '\u2011' or '\u2012' or '\u2013' or '\u2014' or '\u2015' or '\u2212' => '-',
                '\u00A0' or '\u2009' or '\u202F' => ' ',
                var c => c,
            };
        }
    });

    private static int[] QuotePrefixCounts(string normalised)
    {
        var counts = new int[normalised.Length + 1];
        for (var i = 0; i < normalised.Length; i++) counts[i + 1] = counts[i] + (normalised[i] == '"' ? 1 : 0);
        return counts;
    }

    private sealed record Rule(string Id, RuleKind Kind, string? Axis, RuleSeverity Severity, string? Suggestion, Regex Regex);
}
