using BiasApp.Feedback;

namespace BiasApp.Tests.Feedback;

public sealed class FeedbackQueueFilterTests
{
    private static FeedbackView Item(long id, string kind, string analyst, string version) =>
        new(id, $"Sentence {id}.", kind, null, "none", 0.2f, "stereotype-minilm", version, "pending", analyst, false, DateTime.UtcNow, null, null);

    private static readonly FeedbackView[] Items =
    [
        Item(1, "stereotype", "ann@example.test", "1.2.0"),
        Item(2, "none", "bob@example.test", "1.2.0"),
        Item(3, "stereotype", "bob@example.test", "1.3.0"),
    ];

    [Fact]
    public void FiltersCombineByKindAnalystAndModelVersion()
    {
        Assert.Equal([1, 2, 3], new FeedbackQueueFilter().Apply(Items).Select(i => i.Id));
        Assert.Equal([1, 3], new FeedbackQueueFilter { Kind = "stereotype" }.Apply(Items).Select(i => i.Id));
        Assert.Equal([3], new FeedbackQueueFilter { Kind = "stereotype", Analyst = "bob@example.test" }.Apply(Items).Select(i => i.Id));
        Assert.Equal([1, 2], new FeedbackQueueFilter { ModelVersion = "stereotype-minilm@1.2.0" }.Apply(Items).Select(i => i.Id));
    }

    [Fact]
    public void ChoicesAreTheDistinctAnalystsAndModelVersionsOfTheItems()
    {
        Assert.Equal(["ann@example.test", "bob@example.test"], FeedbackQueueFilter.Analysts(Items));
        Assert.Equal(["stereotype-minilm@1.2.0", "stereotype-minilm@1.3.0"], FeedbackQueueFilter.ModelVersions(Items));
    }
}
