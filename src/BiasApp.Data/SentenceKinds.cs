namespace BiasApp.Data;

/// <summary>The kinds a sentence can be given (<c>KINDS.md</c>), as stored and on the wire.</summary>
public static class SentenceKinds
{
    /// <summary>A generalisation about a group, asserted by the writer.</summary>
    public const string Stereotype = "stereotype";

    /// <summary>One particular person described through a trait the culture ties to their group.</summary>
    public const string Portrayal = "portrayal";

    /// <summary>A stereotype quoted, reported, asked about, denied or argued against.</summary>
    public const string Reported = "reported";

    /// <summary>No social group in play, or nothing stereotyped about it.</summary>
    public const string None = "none";

    public static IReadOnlyList<string> All { get; } = [Stereotype, Portrayal, Reported, None];

    public static bool IsKnown(string? kind) => kind is not null && All.Contains(kind);

    /// <summary>The binary training label: 1 for the kinds that are flagged (stereotype, portrayal), else 0.</summary>
    public static int Label(string kind) => kind is Stereotype or Portrayal ? 1 : 0;
}
