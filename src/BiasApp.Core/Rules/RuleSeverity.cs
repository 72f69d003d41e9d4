namespace BiasApp.Core.Rules;

/// <summary>How strongly a rule hit suggests bias.</summary>
public enum RuleSeverity
{
    Low,
    Medium,
    High,
}
