using System.ComponentModel.DataAnnotations;

namespace BiasApp.Core.Rules;

/// <summary>Configuration section <c>Rules</c>.</summary>
public sealed class RulesOptions
{
    public const string Section = "Rules";

    /// <summary>When false the rule-based detector is not used. Default true.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Optional path to a lexicon file (JSON with comments) that replaces the one embedded in BiasApp.Core. Relative paths resolve against the app's base directory. Default null.</summary>
    [MaxLength(4096)] public string? LexiconPath { get; set; }

    /// <summary>Regex time limit per rule and text, in milliseconds; a rule that runs out is skipped for that text. Default 500.</summary>
    [Range(10, 10_000)] public int MatchTimeoutMilliseconds { get; set; } = 500;

    /// <summary>Resolves <see cref="LexiconPath"/> against <paramref name="baseDirectory"/>; null when unset.</summary>
    public string? ResolveLexiconPath(string baseDirectory) =>
        string.IsNullOrWhiteSpace(LexiconPath) ? null
        : Path.IsPathRooted(LexiconPath) ? LexiconPath
        : Path.GetFullPath(Path.Combine(baseDirectory, LexiconPath));
}
