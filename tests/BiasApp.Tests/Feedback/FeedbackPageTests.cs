using System.Net;
using System.Net.Http.Json;
using System.Security.Claims;
using BiasApp.Analysis;
using BiasApp.Batches;
using BiasApp.Core.Analysis;
using BiasApp.Data;
using BiasApp.Feedback;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace BiasApp.Tests.Feedback;

/// <summary>Feedback on the pages: the menu on a sentence card and on a batch row, and the admins' review queue, over the real database.</summary>
public sealed class FeedbackPageTests(BiasAppFactory factory) : IClassFixture<BiasAppFactory>
{
    private static readonly TimeSpan Slow = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task AgreeingOnASentenceCardStoresPendingFeedbackWithTheModelsVerdict()
    {
        _ = factory.AnalystKey;
        var userId = await factory.UserIdAsync("analyst@example.test");
        await using var ctx = new BunitContext().AddMud().AddAnalysis(new FakeClassifier());
        ctx.AddAuthorization().SetAuthorized("analyst@example.test").SetClaims(new Claim(ClaimTypes.NameIdentifier, userId));
        ctx.Services.AddSingleton(factory.Services.GetRequiredService<FeedbackStore>());
        ctx.Services.AddSingleton(TimeProvider.System);
        ctx.Services.AddSingleton(factory.Services.GetRequiredService<TeamDecisions>());
        ctx.Services.AddSingleton<FeedbackService>();
        var popovers = ctx.Render<MudPopoverProvider>();
        var page = ctx.Render<AnalyzePage>();
        page.Find("textarea").Input("All cats are lazy on sunny days. Dogs bark at night.");
        page.Find("#analyze-button").Click();
        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll(".sentence .feedback-menu").Count), Slow);

        page.FindAll(".sentence .feedback-menu button")[0].Click();
        popovers.WaitForAssertion(() => Assert.Contains("Agree: stereotype", popovers.Find(".feedback-agree").TextContent));
        popovers.Find(".feedback-agree").Click();

        page.WaitForAssertion(() => Assert.Equal("stereotype", page.Find(".sentence .feedback-sent").GetAttribute("data-kind")), Slow);
        Assert.Single(page.FindAll(".sentence .feedback-menu"));
        await using var db = factory.Db();
        var item = await db.Feedback.SingleAsync(f => f.Text == "All cats are lazy on sunny days.");
        Assert.Equal(("stereotype", "stereotype", 0.9f, "fake-model", "9.9.9", "pending", userId),
            (item.Kind, item.ModelKind, item.Probability, item.ModelName, item.ModelVersion, item.Status, item.UserId));
    }

    [Fact]
    public async Task CorrectingABatchRowSendsTheChosenKindAndNoteAndShowsATick()
    {
        await using var ctx = new BunitContext().AddMud();
        var popovers = ctx.Render<MudPopoverProvider>();
        var dialogs = ctx.Render<MudDialogProvider>();
        var sent = new List<(BatchResultRow Row, FeedbackChoice Choice)>();
        BatchResultRow[] rows =
        [
            new(0, "The Polish builder was drinking vodka on the job.", "nationality", 0.3f, false,
                [new("The Polish builder was drinking vodka on the job.", 0.3f, Labels.NotStereotype)]),
            new(1, "Hi.", null, 0f, false, [new("Hi.", 0f, Labels.TooShort)]),
        ];
        var table = ctx.Render<BatchResultsTable>(p => p.Add(t => t.Rows, rows)
            .Add(t => t.Feedback, (row, choice) => { sent.Add((row, choice)); return Task.FromResult(true); }));
        // A too-short row has no verdict to give feedback on.
        Assert.Single(table.FindAll(".row-feedback .feedback-menu"));

        table.Find(".row-feedback .feedback-menu button").Click();
        popovers.WaitForAssertion(() => Assert.NotNull(popovers.Find(".feedback-correct")));
        popovers.Find(".feedback-correct").Click();
        dialogs.WaitForAssertion(() => Assert.Contains("The Polish builder", dialogs.Find(".feedback-dialog-text").TextContent));
        Assert.True(dialogs.Find("#feedback-send").HasAttribute("disabled"));
        dialogs.Find(".feedback-kind-portrayal input").Click();
        dialogs.Find("textarea#feedback-note").Change("  a national stereotype about one man ");
        dialogs.Find("#feedback-send").Click();

        table.WaitForAssertion(() => Assert.Equal("portrayal", table.Find(".row-feedback .feedback-sent").GetAttribute("data-kind")));
        var (row, choice) = Assert.Single(sent);
        Assert.Equal(0, row.Index);
        Assert.Equal(new FeedbackChoice("portrayal", "a national stereotype about one man"), choice);
    }

    [Fact]
    public async Task TheQueueShowsPendingItemsAndAcceptsOneAndRejectsTheRestInBulk()
    {
        var analyst = factory.CreateClient();
        foreach (var (text, kind, note) in new[]
                 {
                     ("Sikh men often wear a turban.", "none", "a neutral fact"),
                     ("The waiter was lovely to us tonight.", "none", (string?)null),
                     ("Many voters believe immigrants take their jobs.", "reported", "a described belief"),
                 })
            Assert.Equal(HttpStatusCode.Created, (await analyst.PostAsJsonAsync("/api/v1/feedback", new { text, kind, note })).StatusCode);
        _ = await factory.CreateKeyAsync("queue-admin@example.test", admin: true);
        var adminId = await factory.UserIdAsync("queue-admin@example.test");
        await using var ctx = new BunitContext().AddMud();
        ctx.AddAuthorization().SetAuthorized("queue-admin@example.test").SetRoles(Roles.Admin).SetClaims(new Claim(ClaimTypes.NameIdentifier, adminId));
        ctx.Services.AddSingleton(factory.Services.GetRequiredService<FeedbackService>());
        var page = ctx.Render<FeedbackQueuePage>();
        page.WaitForAssertion(() => Assert.Equal(3, page.FindAll("#feedback-table .feedback-text").Count));

        var row = page.FindAll("#feedback-table tbody tr").Single(r => r.TextContent.Contains("Sikh men"));
        Assert.Contains("a neutral fact", row.QuerySelector(".feedback-note")!.TextContent);
        Assert.Contains("analyst@example.test", row.QuerySelector(".feedback-analyst")!.TextContent);
        Assert.Matches(@"(stereotype|none) · \d+%", row.QuerySelector(".feedback-model")!.TextContent);
        Assert.Contains("stereotype-minilm@", row.QuerySelector(".feedback-model")!.TextContent);
        row.QuerySelector(".accept-item")!.Click();
        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("#feedback-table .feedback-text").Count));

        page.Find("#feedback-table thead input[type=checkbox]").Change(true);
        page.WaitForAssertion(() => Assert.Contains("(2)", page.Find("#accept-selected").TextContent));
        page.Find("#reject-selected").Click();

        page.WaitForAssertion(() => Assert.NotNull(page.Find("#feedback-none")));
        await using var db = factory.Db();
        var statuses = await db.Feedback.Select(f => new { f.Text, f.Status, f.DecidedById }).ToListAsync();
        Assert.Equal("decided", statuses.Single(s => s.Text.StartsWith("Sikh")).Status);
        Assert.All(statuses.Where(s => !s.Text.StartsWith("Sikh")), s => Assert.Equal("rejected", s.Status));
        Assert.All(statuses, s => Assert.Equal(adminId, s.DecidedById));
    }

    [Fact]
    public async Task ADecidedItemCanBeRevokedFromTheQueue()
    {
        var admin = factory.CreateClient(await factory.CreateKeyAsync("revoke-admin@example.test", admin: true));
        Assert.Equal(HttpStatusCode.Created,
            (await admin.PostAsJsonAsync("/api/v1/feedback", new { text = "Old drivers in Florida cause all the accidents.", kind = "none" })).StatusCode);
        var adminId = await factory.UserIdAsync("revoke-admin@example.test");
        await using var ctx = new BunitContext().AddMud();
        ctx.AddAuthorization().SetAuthorized("revoke-admin@example.test").SetRoles(Roles.Admin).SetClaims(new Claim(ClaimTypes.NameIdentifier, adminId));
        ctx.Services.AddSingleton(factory.Services.GetRequiredService<FeedbackService>());
        var page = ctx.Render<FeedbackQueuePage>();
        page.WaitForAssertion(() => Assert.NotNull(page.Find("#filter-status")));
        await page.InvokeAsync(() => page.FindComponent<MudSelect<string>>().Instance.ValueChanged.InvokeAsync(FeedbackStatuses.Decided));

        var row = page.FindAll("#feedback-table tbody tr").Single(r => r.TextContent.Contains("Old drivers in Florida"));
        row.QuerySelector(".revoke-item")!.Click();

        page.WaitForAssertion(() => Assert.DoesNotContain(page.FindAll("#feedback-table tbody tr"), r => r.TextContent.Contains("Old drivers in Florida")));
        await using var db = factory.Db();
        var item = await db.Feedback.SingleAsync(f => f.Text == "Old drivers in Florida cause all the accidents.");
        Assert.Equal(FeedbackStatuses.Revoked, item.Status);
        Assert.Equal(adminId, item.DecidedById);
    }
}
