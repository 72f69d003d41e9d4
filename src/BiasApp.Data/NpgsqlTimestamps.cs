namespace BiasApp.Data;

/// <summary>
/// DateTime columns hold UTC by convention on both engines (<c>timestamp without time zone</c> on PostgreSQL), as they always
/// have on SQLite; Npgsql's legacy timestamp mode stores them as given, where its default refuses any DateTime whose Kind is
/// not the column's. Npgsql reads the switch once, so it is set when this assembly loads, before any Npgsql code runs here.
/// </summary>
internal static class NpgsqlTimestamps
{
    public const string Switch = "Npgsql.EnableLegacyTimestampBehavior";

    // CA2255 warns that library module initialisers surprise their hosts; this library is the app's own data layer, and the
    // switch must be set before Npgsql first reads it, whichever entry point (app, CLI, tests) loads this assembly.
#pragma warning disable CA2255
    [System.Runtime.CompilerServices.ModuleInitializer]
    internal static void UseLegacyTimestamps() => AppContext.SetSwitch(Switch, true);
#pragma warning restore CA2255
}
