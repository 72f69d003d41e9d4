using BiasApp.Core.Analysis;
using BiasApp.Tests.ScaleOut;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BiasApp.Tests.Feedback;

/// <summary>The feedback table on PostgreSQL (migration <c>Feedback</c>), decisions made at once from two replicas' stores, and the agreement query.</summary>
public sealed class FeedbackPostgresTests
{
    [PostgresFact]
    public async Task OnPostgreSqlTwoReplicasDecidingTheSameItemsAtOnceMakeExactlyOneDecisionEach()
    {
        await using var database = await ScaleOutServers.CreateDatabaseAsync();
        await using var first = KeyProvisioning.BuildServices(database.Settings, Path.GetTempPath());
        await using var second = KeyProvisioning.BuildServices(database.Settings, Path.GetTempPath());
        await KeyProvisioning.CreateKeyAsync(first, "lead@example.test", admin: true, "test");
        await KeyProvisioning.CreateKeyAsync(first, "analyst@example.test", admin: false, "test");
        string leadId, analystId;
        await using (var db = first.GetRequiredService<IDbContextFactory<BiasDbContext>>().CreateDbContext())
        {
            leadId = await db.Users.Where(u => u.Email == "lead@example.test").Select(u => u.Id).SingleAsync();
            analystId = await db.Users.Where(u => u.Email == "analyst@example.test").Select(u => u.Id).SingleAsync();
        }
        FeedbackStore[] replicas =
        [
            new(first.GetRequiredService<IDbContextFactory<BiasDbContext>>()),
            new(second.GetRequiredService<IDbContextFactory<BiasDbContext>>()),
        ];
        var created = new DateTime(2026, 12, 7, 9, 0, 0, DateTimeKind.Utc);
        var ids = new List<long>();
        for (var i = 0; i < 20; i++)
        {
            ids.Add(await replicas[i % 2].AddAsync(new FeedbackItem
            {
                Text = $"Sentence number {i} about a group.", Kind = Kinds.Reported, ModelKind = Kinds.Stereotype, Probability = 0.75f,
                ModelName = "stereotype-minilm", ModelVersion = "1.4.0", Status = FeedbackStatuses.Pending, UserId = analystId, CreatedAt = created,
            }, new UsageEvent { UserId = analystId, At = created, Channel = UsageChannels.Feedback, Explain = "none", Outcome = UsageOutcomes.Ok }));
        }
        var decidedAt = new DateTime(2026, 12, 7, 10, 30, 0, DateTimeKind.Utc);

        // Each item is accepted on one replica and rejected on the other at the same time.
        var outcomes = await Task.WhenAll(ids.Select(id => Task.WhenAll(
            Task.Run(() => replicas[0].DecideAsync(id, accept: true, leadId, decidedAt)),
            Task.Run(() => replicas[1].DecideAsync(id, accept: false, leadId, decidedAt)))));

        Assert.All(outcomes, pair => Assert.Equal([FeedbackTransition.Done, FeedbackTransition.NotPending], pair.Order()));
        var accepted = ids.Where((_, i) => outcomes[i][0] == FeedbackTransition.Done).ToHashSet();
        await using var check = first.GetRequiredService<IDbContextFactory<BiasDbContext>>().CreateDbContext();
        var decisions = await FeedbackStore.DecisionsAsync(check);
        Assert.Equal(accepted.Order(), decisions.Select(d => d.Id).Order());
        Assert.All(decisions, d => Assert.Equal((decidedAt, DateTimeKind.Utc, leadId), (d.DecidedAt!.Value, d.DecidedAt.Value.Kind, d.DecidedById)));
        Assert.Equal(20 - accepted.Count, await check.Feedback.CountAsync(f => f.Status == FeedbackStatuses.Rejected));
        Assert.Equal(20, await check.UsageEvents.CountAsync(e => e.Channel == UsageChannels.Feedback));
        // The agreement query runs on PostgreSQL too: every analyst said reported where the model said stereotype.
        var agreement = await replicas[1].AgreementAsync();
        Assert.Equal([new AgreementRow("stereotype-minilm@1.4.0", accepted.Count, 0, 0, accepted.Count)], agreement.ByVersion);
        Assert.Equal([new AgreementRow(Kinds.Stereotype, accepted.Count, 0, 0, accepted.Count)], agreement.ByKind);
        Assert.Equal((20 - accepted.Count, 0), (agreement.Rejected, agreement.Revoked));
    }
}
