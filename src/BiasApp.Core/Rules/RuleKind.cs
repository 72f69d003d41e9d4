namespace BiasApp.Core.Rules;

/// <summary>What kind of rule fired.</summary>
public enum RuleKind
{
    /// <summary>A generalisation about a social group ("all X are", "X tend to").</summary>
    Generalisation,
    /// <summary>Insensitive wording with a neutral alternative ("mankind" → "humankind").</summary>
    LoadedTerm,
}
