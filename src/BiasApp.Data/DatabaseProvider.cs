namespace BiasApp.Data;

/// <summary>
/// Which database engine holds the app's data (<c>Database:Provider</c>). SQLite is the self-hosted default: one file, one
/// replica. PostgreSQL lets several replicas share accounts, usage, quotas and batches. Each has its own migrations: SQLite's
/// in this assembly, PostgreSQL's in <c>BiasApp.Data.PostgreSQL</c>.
/// </summary>
public enum DatabaseProvider
{
    Sqlite,
    PostgreSQL,
}
