namespace BiasApp.Core.Analysis;

/// <summary>
/// Sentence kinds (<c>kind</c> on the wire; see the annotation guide KINDS.md): what a sentence does with a stereotype.
/// <see cref="Stereotype"/> and <see cref="Portrayal"/> flag it.
/// </summary>
public static class Kinds
{
    /// <summary>Asserts a generalisation about a social group.</summary>
    public const string Stereotype = "stereotype";

    /// <summary>Describes particular people through a trait stereotypically tied to their group.</summary>
    public const string Portrayal = "portrayal";

    /// <summary>Carries a stereotype without asserting it: quotes, reports, questions, denies or rejects it.</summary>
    public const string Reported = "reported";

    /// <summary>None of the above.</summary>
    public const string None = "none";

    /// <summary>Every kind, most serious first (the order of the page's chips and filters).</summary>
    public static readonly IReadOnlyList<string> All = [Stereotype, Portrayal, Reported, None];

    /// <summary>True for the kinds that flag a sentence.</summary>
    public static bool Flags(string? kind) => kind is Stereotype or Portrayal;

    /// <summary>
    /// The kind a content label stands for where no kind head said one (older models, rules mode, rows stored before kinds):
    /// <see cref="Stereotype"/> for <see cref="Labels.Stereotype"/>, <see cref="None"/> otherwise.
    /// </summary>
    public static string FromLabel(string? label) => label == Labels.Stereotype ? Stereotype : None;

    /// <summary>True when <paramref name="kind"/> is one of <see cref="All"/>.</summary>
    public static bool IsKnown(string? kind) => kind is Stereotype or Portrayal or Reported or None;
}
