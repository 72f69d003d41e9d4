using Microsoft.AspNetCore.Identity;

namespace BiasApp.Data;

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
