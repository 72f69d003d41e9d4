using BiasApp.Core.Analysis;
using Microsoft.EntityFrameworkCore;

namespace BiasApp.Data;

/// <summary>
/// Feedback in the database: new items (with their usage event, in one save), the review queue and the admins' decisions.
/// A decision moves an item out of <see cref="FeedbackStatuses.Pending"/> in one conditional update, so two admins deciding
/// the same item at once, on any replica, cannot both succeed. Singleton.
/// </summary>
public sealed class FeedbackStore(IDbContextFactory<BiasDbContext> dbs)
{
    /// <summary>Longest note kept, in characters.</summary>
    public const int MaxNoteLength = 2000;

    /// <summary>Stores <paramref name="item"/> and the <paramref name="usage"/> event that counts it, together; returns its id.</summary>
    public async Task<long> AddAsync(FeedbackItem item, UsageEvent usage, CancellationToken cancellationToken = default)
    {
        await using var db = await dbs.CreateDbContextAsync(cancellationToken);
        db.Feedback.Add(item);
        db.UsageEvents.Add(usage);
        await db.SaveChangesAsync(cancellationToken);
        return item.Id;
    }

    /// <summary>Items in <paramref name="status"/>, newest first, with the e-mails of their senders and deciders.</summary>
    public async Task<IReadOnlyList<FeedbackListing>> ListAsync(string status, CancellationToken cancellationToken = default)
    {
        await using var db = await dbs.CreateDbContextAsync(cancellationToken);
        var rows = await (
                from f in db.Feedback.AsNoTracking()
                where f.Status == status
                join u in db.Users on f.UserId equals u.Id
                join d in db.Users on f.DecidedById equals d.Id into deciders
                from d in deciders.DefaultIfEmpty()
                orderby f.CreatedAt descending, f.Id descending
                select new { Item = f, Analyst = u.Email ?? u.UserName ?? u.Id, AnalystDeleted = u.DeletedAt != null, DecidedBy = d == null ? null : d.Email ?? d.UserName })
            .ToListAsync(cancellationToken);
        return rows.Select(r => new FeedbackListing(r.Item, r.Analyst, r.AnalystDeleted, r.DecidedBy)).ToList();
    }

    /// <summary>
    /// Accepts (<see cref="FeedbackStatuses.Decided"/>) or rejects item <paramref name="id"/> when it is pending, recording
    /// <paramref name="adminId"/> and <paramref name="now"/> (UTC).
    /// </summary>
    public async Task<FeedbackTransition> DecideAsync(long id, bool accept, string adminId, DateTime now, CancellationToken cancellationToken = default)
    {
        await using var db = await dbs.CreateDbContextAsync(cancellationToken);
        var changed = await db.Feedback.Where(f => f.Id == id && f.Status == FeedbackStatuses.Pending).ExecuteUpdateAsync(s => s
            .SetProperty(f => f.Status, accept ? FeedbackStatuses.Decided : FeedbackStatuses.Rejected)
            .SetProperty(f => f.DecidedById, adminId)
            .SetProperty(f => f.DecidedAt, now), cancellationToken);
        if (changed == 1) return FeedbackTransition.Done;
        return await db.Feedback.AnyAsync(f => f.Id == id, cancellationToken) ? FeedbackTransition.NotPending : FeedbackTransition.NotFound;
    }

    /// <summary>
    /// Revokes team decision <paramref name="id"/> (<see cref="FeedbackStatuses.Revoked"/>), recording <paramref name="adminId"/>
    /// and <paramref name="now"/> (UTC) as who and when; <see cref="FeedbackTransition.NotPending"/> when it is not decided.
    /// </summary>
    public async Task<FeedbackTransition> RevokeAsync(long id, string adminId, DateTime now, CancellationToken cancellationToken = default)
    {
        await using var db = await dbs.CreateDbContextAsync(cancellationToken);
        var changed = await db.Feedback.Where(f => f.Id == id && f.Status == FeedbackStatuses.Decided).ExecuteUpdateAsync(s => s
            .SetProperty(f => f.Status, FeedbackStatuses.Revoked)
            .SetProperty(f => f.DecidedById, adminId)
            .SetProperty(f => f.DecidedAt, now), cancellationToken);
        if (changed == 1) return FeedbackTransition.Done;
        return await db.Feedback.AnyAsync(f => f.Id == id, cancellationToken) ? FeedbackTransition.NotPending : FeedbackTransition.NotFound;
    }

    /// <summary>
    /// A cheap fingerprint of the team decisions: how many there are and the latest decision or revocation time. Any accept,
    /// admin's own feedback or revoke changes it (a revoke stamps its own time), so replicas compare it to know when to reload.
    /// </summary>
    public async Task<(int Count, DateTime? Latest)> DecisionsFingerprintAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbs.CreateDbContextAsync(cancellationToken);
        var count = await db.Feedback.CountAsync(f => f.Status == FeedbackStatuses.Decided, cancellationToken);
        var latest = await db.Feedback.Where(f => f.Status == FeedbackStatuses.Decided || f.Status == FeedbackStatuses.Revoked)
            .MaxAsync(f => f.DecidedAt, cancellationToken);
        return (count, latest);
    }

    /// <summary>How often analysts agreed with the model (<see cref="FeedbackAgreement"/>), counted in one grouped query.</summary>
    public async Task<FeedbackAgreement> AgreementAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbs.CreateDbContextAsync(cancellationToken);
        var cells = await db.Feedback.AsNoTracking()
            .GroupBy(f => new { f.ModelName, f.ModelVersion, f.ModelKind, f.Status, Agreed = f.Kind == f.ModelKind })
            .Select(g => new AgreementCell($"{g.Key.ModelName}@{g.Key.ModelVersion}", g.Key.ModelKind, g.Key.Status, g.Key.Agreed, g.Count(), g.Max(f => f.CreatedAt)))
            .ToListAsync(cancellationToken);
        var counted = cells.Where(c => c.Status is FeedbackStatuses.Pending or FeedbackStatuses.Decided).ToList();
        var byVersion = counted.GroupBy(c => c.Model)
            .OrderByDescending(g => g.Max(c => c.Latest)).ThenBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => AgreementCell.Sum(g.Key, g)).ToList();
        var byKind = counted.GroupBy(c => c.ModelKind)
            .OrderBy(g => Kinds.IsKnown(g.Key) ? Kinds.All.ToList().IndexOf(g.Key) : int.MaxValue).ThenBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => AgreementCell.Sum(g.Key, g)).ToList();
        return new FeedbackAgreement(AgreementCell.Sum("all", counted), byVersion, byKind,
            cells.Where(c => c.Status == FeedbackStatuses.Rejected).Sum(c => c.Count),
            cells.Where(c => c.Status == FeedbackStatuses.Revoked).Sum(c => c.Count));
    }

    private sealed record AgreementCell(string Model, string ModelKind, string Status, bool Agreed, int Count, DateTime Latest)
    {
        public static AgreementRow Sum(string group, IEnumerable<AgreementCell> cells)
        {
            var list = cells.ToList();
            return new AgreementRow(group, list.Sum(c => c.Count), list.Where(c => c.Agreed).Sum(c => c.Count),
                list.Where(c => c.Status == FeedbackStatuses.Pending).Sum(c => c.Count),
                list.Where(c => c.Status == FeedbackStatuses.Decided).Sum(c => c.Count));
        }
    }

    /// <summary>The team decisions (accepted items) on <paramref name="db"/>, oldest decision first.</summary>
    public static async Task<IReadOnlyList<FeedbackItem>> DecisionsAsync(BiasDbContext db, CancellationToken cancellationToken = default) =>
        await db.Feedback.AsNoTracking().Where(f => f.Status == FeedbackStatuses.Decided)
            .OrderBy(f => f.DecidedAt).ThenBy(f => f.Id).ToListAsync(cancellationToken);

    /// <summary>As <see cref="DecisionsAsync(BiasDbContext, CancellationToken)"/>, on a context of its own.</summary>
    public async Task<IReadOnlyList<FeedbackItem>> DecisionsAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbs.CreateDbContextAsync(cancellationToken);
        return await DecisionsAsync(db, cancellationToken);
    }
}
