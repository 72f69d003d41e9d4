using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace BiasApp.Data;

/// <summary>
/// Reads every DateTime column as UTC. The columns hold UTC by convention (see <see cref="NpgsqlTimestamps"/>), but SQLite's
/// text and PostgreSQL's <c>timestamp without time zone</c> come back with <see cref="DateTimeKind.Unspecified"/>, which JSON
/// then writes without its <c>Z</c>. Values are written as given.
/// </summary>
internal sealed class UtcDateTimeConverter() : ValueConverter<DateTime, DateTime>(
    value => value,
    value => DateTime.SpecifyKind(value, DateTimeKind.Utc));
