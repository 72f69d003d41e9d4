using Microsoft.AspNetCore.Identity;

namespace BiasApp.Data;

/// <summary>Role names.</summary>
public static class Roles
{
    public const string Admin = "Admin";
    public const string Analyst = "Analyst";
}

/// <summary>An account. Quota fields override the <c>Usage</c> configuration when set.</summary>
public sealed class AppUser : IdentityUser
{
    public DateTime CreatedAt { get; set; } = DateTime.UtcNow;

    /// <summary>Disabled accounts cannot sign in, their keys stop working and their cookies are rejected.</summary>
    public bool IsDisabled { get; set; }

    /// <summary>
    /// When an admin deleted the account (UTC). The row stays so that its usage keeps its owner: it keeps its id and e-mail,
    /// but loses its password, roles and keys, its user name becomes <c>deleted-{Id}</c> and its normalized e-mail is cleared,
    /// so it can never sign in and the e-mail can be given to a new account.
    /// </summary>
    public DateTime? DeletedAt { get; set; }

    /// <summary>Neither disabled nor deleted: the account may sign in and act (derived, not stored).</summary>
    [System.ComponentModel.DataAnnotations.Schema.NotMapped]
    public bool IsActive => !IsDisabled && DeletedAt is null;

    public int? RequestsPerMinute { get; set; }
    public int? RequestsPerHour { get; set; }
    public int? DailyQuota { get; set; }
    public int? DailyExplanationQuota { get; set; }
}

/// <summary>An API key; only the SHA-256 of the key is stored.</summary>
public sealed class ApiKey
{
    public int Id { get; set; }
    public required string UserId { get; set; }
    public AppUser? User { get; set; }
    public required string Name { get; set; }

    /// <summary>First characters of the key, shown so users can tell keys apart.</summary>
    public required string Prefix { get; set; }

    /// <summary>Lower-case hex SHA-256 of the key.</summary>
    public required string Hash { get; set; }

    public DateTime CreatedAt { get; set; }
    public DateTime? LastUsedAt { get; set; }
}

/// <summary>
/// The hash of a key that was deleted (revoked by its owner or an admin, or removed with its account), so a request that
/// still sends it is told the key was revoked rather than unknown. Written by the <c>ApiKeys_Revoked</c> trigger on every
/// delete from <c>ApiKeys</c>, whichever code path deletes it.
/// </summary>
public sealed class RevokedApiKey
{
    /// <summary>Lower-case hex SHA-256 of the key, as <see cref="ApiKey.Hash"/>.</summary>
    public required string Hash { get; set; }
    public required string UserId { get; set; }

    /// <summary>UTC.</summary>
    public DateTime RevokedAt { get; set; }
}

/// <summary>One analysis request, accepted or not.</summary>
public sealed class UsageEvent
{
    public long Id { get; set; }
    public required string UserId { get; set; }

    /// <summary>UTC.</summary>
    public DateTime At { get; set; }

    /// <summary><see cref="UsageChannels"/>.</summary>
    public required string Channel { get; set; }
    public int Sentences { get; set; }
    public int Characters { get; set; }

    /// <summary>Explanation method: none, shap, lime or both.</summary>
    public required string Explain { get; set; }
    public double LatencyMs { get; set; }

    /// <summary><see cref="UsageOutcomes"/>.</summary>
    public required string Outcome { get; set; }
}

/// <summary>Per-user, per-day totals, updated in the same transaction as each <see cref="UsageEvent"/>.</summary>
public sealed class DailyUsage
{
    public required string UserId { get; set; }
    public DateOnly Day { get; set; }

    /// <summary>Accepted analyses (ok or error).</summary>
    public int Requests { get; set; }
    public int Rejected { get; set; }
    public int Errors { get; set; }

    /// <summary>Accepted analyses that asked for an explanation.</summary>
    public int Explanations { get; set; }
    public long Sentences { get; set; }
    public long Characters { get; set; }
    public double LatencyMsTotal { get; set; }
}

public static class UsageChannels
{
    public const string Ui = "ui";
    public const string Api = "api";
    /// <summary>One row of a batch audit.</summary>
    public const string Batch = "batch";
}

public static class UsageOutcomes
{
    public const string Ok = "ok";
    public const string Rejected = "rejected";
    public const string Error = "error";
}

/// <summary>
/// An analysis admitted under the daily quotas and not yet recorded. Admission counts the day's recorded requests plus the
/// live reservations in one transaction, so quotas hold exactly across app replicas sharing the database; recording the
/// analysis deletes its reservation in the same transaction as it adds to <see cref="DailyUsage"/>. A reservation whose
/// request died with its process stops counting at <see cref="ExpiresAt"/>.
/// </summary>
public sealed class UsageReservation
{
    public Guid Id { get; set; }
    public required string UserId { get; set; }

    /// <summary>The UTC day whose quota it counts against.</summary>
    public DateOnly Day { get; set; }

    /// <summary>True when the analysis asked for an explanation (counts against the explanation quota too).</summary>
    public bool Explains { get; set; }

    /// <summary>UTC.</summary>
    public DateTime ExpiresAt { get; set; }
}
