using BiasApp.Batches;
using BiasApp.Core.Analysis;
using BiasApp.Core.Batches;
using BiasApp.Core.Decisions;

namespace BiasApp.Tests.Batches;

/// <summary>The batch results table marks, as the analysis page does, rows with a sentence that needs review or that a team decision applies to.</summary>
public sealed class BatchResultsTableTests
{
    [Fact]
    public async Task RowsWhoseSentenceNeedsReviewOrCarriesATeamDecisionAreMarkedAndOthersAreNot()
    {
        await using var ctx = new BunitContext().AddMud();
        var decision = new AppliedDecision(Kinds.None, 0.93f, "lead@example.test", new DateTime(2026, 12, 1, 9, 30, 0, DateTimeKind.Utc), 12,
            "Sikh men often wear a turban.");
        BatchResultRow[] rows =
        [
            new(0, "Sikh men often wear a turban, honestly.", "religion", 0.81f, false,
                [new("Sikh men often wear a turban, honestly.", 0.81f, Labels.Stereotype, Kind: Kinds.None, ModelKind: Kinds.Stereotype, Decision: decision)]),
            new(1, "Every doctor is on call once a month.", "profession", 0.12f, false,
                [new("Every doctor is on call once a month.", 0.12f, Labels.NotStereotype, Review: true, Kind: Kinds.None, ModelKind: Kinds.None)]),
            new(2, "The bus was late again today.", null, 0.01f, false,
                [new("The bus was late again today.", 0.01f, Labels.NotStereotype, Kind: Kinds.None, ModelKind: Kinds.None)]),
            new(3, "Hi.", null, 0f, false, [new("Hi.", 0f, Labels.TooShort)]),
        ];

        var table = ctx.Render<BatchResultsTable>(p => p.Add(t => t.Rows, rows));

        var cells = table.FindAll("#batch-rows tbody tr").Select(r => r.TextContent).ToList();
        Assert.Equal(4, cells.Count);
        Assert.Equal([true, false, false, false], cells.Select(c => c.Contains("Team decision")));
        Assert.Equal([false, true, false, false], cells.Select(c => c.Contains("Needs review")));
        var tooltip = table.Find(".batch-row-decision").GetAttribute("title")!;
        Assert.Contains("lead@example.test", tooltip);
        Assert.Contains("2026-12-01 09:30 UTC", tooltip);
        Assert.Contains("“Sikh men often wear a turban.”", tooltip);
        Assert.Contains("The model said: stereotype", tooltip);
        Assert.Contains("none", table.Find(".batch-row-kind").ClassName);
        Assert.Contains("rule", table.Find(".batch-row-review").GetAttribute("title"));
    }
}
