using BiasApp.Feedback;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BiasApp.Tests.Feedback;

/// <summary>Agreement figures from stored feedback on SQLite: per model version and per model kind, with Wilson intervals.</summary>
public sealed class FeedbackAgreementTests : IAsyncLifetime
{
    private readonly string _file = Path.Combine(Path.GetTempPath(), $"biasapp-agreement-{Guid.NewGuid():N}.db");
    private ServiceProvider _services = null!;
    private FeedbackStore _store = null!;
    private string _analystId = "";
    private string _adminId = "";
    private static readonly DateTime Start = new(2026, 12, 1, 9, 0, 0, DateTimeKind.Utc);
    private int _added;

    public async Task InitializeAsync()
    {
        _services = KeyProvisioning.BuildServices($"Data Source={_file}", Path.GetTempPath());
        await KeyProvisioning.CreateKeyAsync(_services, "lead@example.test", admin: true, "test");
        await KeyProvisioning.CreateKeyAsync(_services, "analyst@example.test", admin: false, "test");
        await using var db = _services.GetRequiredService<IDbContextFactory<BiasDbContext>>().CreateDbContext();
        _adminId = await db.Users.Where(u => u.Email == "lead@example.test").Select(u => u.Id).SingleAsync();
        _analystId = await db.Users.Where(u => u.Email == "analyst@example.test").Select(u => u.Id).SingleAsync();
        _store = new FeedbackStore(_services.GetRequiredService<IDbContextFactory<BiasDbContext>>());
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        SqliteConnection.ClearAllPools();
        foreach (var file in Directory.GetFiles(Path.GetTempPath(), Path.GetFileName(_file) + "*")) File.Delete(file);
    }

    /// <summary>Adds <paramref name="count"/> items the model called <paramref name="modelKind"/> and the analyst <paramref name="kind"/>.</summary>
    private async Task AddAsync(int count, string version, string modelKind, string kind, string status)
    {
        for (var i = 0; i < count; i++)
        {
            var at = Start.AddMinutes(_added++);
            var id = await _store.AddAsync(new FeedbackItem
            {
                Text = $"Sentence {_added} about a group.", Kind = kind, ModelKind = modelKind, Probability = 0.6f, ModelName = "stereotype-minilm",
                ModelVersion = version, Status = FeedbackStatuses.Pending, UserId = _analystId, CreatedAt = at,
            }, new UsageEvent { UserId = _analystId, At = at, Channel = UsageChannels.Feedback, Explain = "none", Outcome = UsageOutcomes.Ok });
            if (status == FeedbackStatuses.Pending) continue;
            await _store.DecideAsync(id, accept: status != FeedbackStatuses.Rejected, _adminId, at);
            if (status == FeedbackStatuses.Revoked) await _store.RevokeAsync(id, _adminId, at);
        }
    }

    private async Task SeedAsync()
    {
        // 2.2.0: 8 of 10 agree (6 decided, 4 pending); 3.0.0, used later: 3 of 5 agree; and items that are left out.
        await AddAsync(5, "2.2.0", "stereotype", "stereotype", FeedbackStatuses.Decided);
        await AddAsync(1, "2.2.0", "stereotype", "none", FeedbackStatuses.Decided);
        await AddAsync(3, "2.2.0", "none", "none", FeedbackStatuses.Pending);
        await AddAsync(1, "2.2.0", "none", "portrayal", FeedbackStatuses.Pending);
        await AddAsync(3, "3.0.0", "reported", "reported", FeedbackStatuses.Decided);
        await AddAsync(2, "3.0.0", "stereotype", "reported", FeedbackStatuses.Pending);
        await AddAsync(2, "3.0.0", "stereotype", "none", FeedbackStatuses.Rejected);
        await AddAsync(1, "3.0.0", "none", "none", FeedbackStatuses.Revoked);
    }

    [Fact]
    public async Task AgreementIsCountedPerModelVersionAndPerModelKindWithoutRejectedOrRevokedItems()
    {
        await SeedAsync();

        var agreement = await _store.AgreementAsync();

        Assert.Equal((2, 1), (agreement.Rejected, agreement.Revoked));
        Assert.Equal(new AgreementRow("all", 15, 11, 6, 9), agreement.Total);
        // The version used most recently comes first.
        Assert.Equal([new AgreementRow("stereotype-minilm@3.0.0", 5, 3, 2, 3), new AgreementRow("stereotype-minilm@2.2.0", 10, 8, 4, 6)], agreement.ByVersion);
        Assert.Equal([new AgreementRow("stereotype", 8, 5, 2, 6), new AgreementRow("reported", 3, 3, 0, 3), new AgreementRow("none", 4, 3, 4, 0)], agreement.ByKind);
        var older = agreement.ByVersion[1];
        Assert.Equal(0.8, older.Rate!.Value, 10);
        Assert.Equal(0.4902, older.Low!.Value, 4);
        Assert.Equal(0.9433, older.High!.Value, 4);
    }

    [Fact]
    public async Task AnEmptyTableHasNoRates()
    {
        var agreement = await _store.AgreementAsync();

        Assert.Equal(new AgreementRow("all", 0, 0, 0, 0), agreement.Total);
        Assert.Empty(agreement.ByVersion);
        Assert.Equal((null, null, null), (agreement.Total.Rate, agreement.Total.Low, agreement.Total.High));
        Assert.Equal("–", AgreementCard.RateText(agreement.Total));
    }

    [Theory]
    [InlineData(0, 10, 0.0, 0.0, 0.2775)]
    [InlineData(10, 10, 1.0, 0.7225, 1.0)]
    [InlineData(1, 1, 1.0, 0.2065, 1.0)]
    public void WilsonIntervalsStayInsideZeroToOneAtTheEdges(int agreed, int items, double rate, double low, double high)
    {
        var row = new AgreementRow("x", items, agreed, items, 0);

        Assert.Equal((rate, low, high), (Math.Round(row.Rate!.Value, 4), Math.Round(row.Low!.Value, 4), Math.Round(row.High!.Value, 4)));
    }

    [Fact]
    public async Task TheDashboardCardShowsBothTablesAndSaysWhatIsLeftOut()
    {
        await SeedAsync();
        await using var bunit = new BunitContext();
        bunit.AddMud();

        var card = bunit.Render<AgreementCard>(p => p.Add(c => c.Agreement, _store.AgreementAsync().GetAwaiter().GetResult()));

        string[] Cells(string table, string column) => card.FindAll($"#{table} .{column}").Select(e => e.TextContent.Trim()).ToArray();
        Assert.Equal(["stereotype-minilm@3.0.0", "stereotype-minilm@2.2.0", "all"], Cells("agreement-by-version", "agreement-group"));
        Assert.Equal(["60.0% (23.1–88.2%)", "80.0% (49.0–94.3%)", "73.3% (48.0–89.1%)"], Cells("agreement-by-version", "agreement-rate"));
        Assert.Equal(["2", "4", "6"], Cells("agreement-by-version", "agreement-pending"));
        Assert.Equal(["stereotype", "reported", "none"], Cells("agreement-by-kind", "agreement-group"));
        Assert.Equal(["5", "3", "3"], Cells("agreement-by-kind", "agreement-agreed"));
        var caption = card.Find(".agreement-caption").TextContent;
        Assert.Contains("Rejected (2) and revoked (1) items are left out", string.Join(' ', caption.Split((char[])[' ', '\n'], StringSplitOptions.RemoveEmptyEntries)));
        Assert.Empty(card.FindAll("#agreement-empty"));
    }
}
