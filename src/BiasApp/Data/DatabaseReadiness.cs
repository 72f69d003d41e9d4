namespace BiasApp.Data;

/// <summary>Set once the database is migrated and seeded; <c>/health/ready</c> waits for it.</summary>
public sealed class DatabaseReadiness
{
    private volatile bool _ready;

    public bool IsReady => _ready;

    internal void MarkReady() => _ready = true;
}
