namespace BiasApp.Usage;

/// <summary>Marks an endpoint whose calls are analyses: rate limited, quota-checked and recorded.</summary>
public sealed class UsageMeteredMetadata;
