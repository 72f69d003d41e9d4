using BiasApp.Core.Analysis;
using BiasApp.Core.Batches;
using BiasApp.Core.Classification;
using BiasApp.Core.Decisions;
using BiasApp.Core.Inference;
using BiasApp.Core.Tests.Analysis;
using BiasApp.Core.Tests.Classification;
using Microsoft.Extensions.Options;

namespace BiasApp.Core.Tests.Decisions;

// The pipeline with the real model: a decision sets the kind after the result cache, in analyses and batches alike.
public sealed class DecisionPipelineTests(StereotypeClassifierTests.LoadedModel model) : IClassFixture<StereotypeClassifierTests.LoadedModel>
{
    private const string Decided = "The refugees in Calais are all dangerous men.";

    private static string Opposite(string kind) => Kinds.Flags(kind) ? Kinds.None : Kinds.Stereotype;

    [Fact]
    public async Task ADecisionMadeAfterASentenceWasCachedAppliesAtOnceAndARevokeUndoesIt()
    {
        var book = new DecisionBook();
        var cache = new ResultCache(Options.Create(new CacheOptions { Enabled = true }));
        var service = Pipeline.Service(new ModelHost(model.Classifier, "unused"), cache: cache, decisionBook: book);
        var first = (await service.AnalyzeAsync(new AnalysisRequest(Decided))).Sentences[0];
        Assert.Null(first.Decision);
        Assert.Equal(first.Kind, first.ModelKind);
        var kind = Opposite(first.Kind);

        book.Replace(DecisionMatcher.Build([new TeamDecision(3, Decided, kind, "lead@example.test", DateTime.UtcNow)], model.Classifier, DecisionOptions.DefaultSimilarity));
        var second = (await service.AnalyzeAsync(new AnalysisRequest(Decided))).Sentences[0];

        Assert.Equal(kind, second.Kind);
        Assert.Equal(first.Kind, second.ModelKind);
        Assert.Equal(first.Probability, second.Probability);
        Assert.Equal(Kinds.Flags(kind), second.Flagged);
        Assert.Equal(3, second.Decision!.FeedbackId);

        book.Replace(DecisionMatcher.Empty);
        var third = (await service.AnalyzeAsync(new AnalysisRequest(Decided))).Sentences[0];
        Assert.Null(third.Decision);
        Assert.Equal(first.Kind, third.Kind);
    }

    [Fact]
    public async Task BatchRowsTakeTheDecisionAndTheirFlagFollowsIt()
    {
        var book = new DecisionBook();
        var scorer = Pipeline.Scorer(new ModelHost(model.Classifier, "unused"), decisions: book);
        var batches = new BatchScorer(scorer);
        var rows = new[] { new BatchInputRow(0, "The refugees in Lampedusa are all dangerous men."), new BatchInputRow(1, "The museum opens at ten on Sundays.") };
        var before = await batches.ScoreAsync(rows, 0.5);
        var kind = Opposite(before[0].Sentences[0].KindOrLabel);

        book.Replace(DecisionMatcher.Build([new TeamDecision(4, Decided, kind, "lead@example.test", DateTime.UtcNow)], model.Classifier, DecisionOptions.DefaultSimilarity));
        var after = await batches.ScoreAsync(rows, 0.5);

        Assert.Equal(kind, after[0].Sentences[0].Kind);
        Assert.Equal(Kinds.Flags(kind), after[0].Flagged);
        Assert.Equal(before[1].Sentences[0].Kind, after[1].Sentences[0].Kind);
        Assert.Equal(before[1].Flagged, after[1].Flagged);
    }

    [Fact]
    public async Task ANearDuplicateTakesTheDecisionFromTheOneModelRunThatScoresItAndTheCacheKeepsItsEmbedding()
    {
        var book = new DecisionBook();
        var cache = new ResultCache(Options.Create(new CacheOptions { Enabled = true }));
        var service = Pipeline.Service(new ModelHost(model.Classifier, "unused"), cache: cache, decisionBook: book);
        const string nearDuplicate = "The refugees in Dunkirk are all dangerous men.";
        const string cachedBefore = "The refugees in Dover are all dangerous men.";
        var kind = Opposite(model.Classifier.Classify([nearDuplicate])[0].Kind ?? Kinds.None);
        // Scored while no decision is in force: cached without an embedding.
        await service.AnalyzeAsync(new AnalysisRequest(cachedBefore));
        book.Replace(DecisionMatcher.Build([new TeamDecision(5, Decided, kind, "lead@example.test", DateTime.UtcNow)], model.Classifier, DecisionOptions.DefaultSimilarity));

        var runs = model.Classifier.Accounting.Runs;
        var first = (await service.AnalyzeAsync(new AnalysisRequest(nearDuplicate))).Sentences[0];
        Assert.Equal(runs + 1, model.Classifier.Accounting.Runs);
        Assert.Equal(5, first.Decision?.FeedbackId);
        Assert.InRange(first.Decision!.Similarity, (float)DecisionOptions.DefaultSimilarity, 0.9999f);
        Assert.Equal(kind, first.Kind);
        Assert.NotEqual(kind, first.ModelKind);

        // The cache answers with the verdict and the embedding: no run.
        var again = (await service.AnalyzeAsync(new AnalysisRequest(nearDuplicate))).Sentences[0];
        Assert.Equal(runs + 1, model.Classifier.Accounting.Runs);
        Assert.Equal(first.Decision, again.Decision);

        // A result cached without an embedding takes one run for it, once.
        Assert.Equal(5, (await service.AnalyzeAsync(new AnalysisRequest(cachedBefore))).Sentences[0].Decision?.FeedbackId);
        Assert.Equal(runs + 2, model.Classifier.Accounting.Runs);
        Assert.Equal(5, (await service.AnalyzeAsync(new AnalysisRequest(cachedBefore))).Sentences[0].Decision?.FeedbackId);
        Assert.Equal(runs + 2, model.Classifier.Accounting.Runs);

        // The decided sentence itself matches without the model, cached or not.
        await service.AnalyzeAsync(new AnalysisRequest(Decided));
        var exact = (await service.AnalyzeAsync(new AnalysisRequest(Decided))).Sentences[0];
        Assert.Equal(runs + 3, model.Classifier.Accounting.Runs);
        Assert.Equal(1f, exact.Decision?.Similarity);
    }

    [Fact]
    public async Task BatchSentencesCarryTheDecisionAndTheModelsKindFromOneRunPerChunk()
    {
        var book = new DecisionBook();
        var batches = new BatchScorer(Pipeline.Scorer(new ModelHost(model.Classifier, "unused"), decisions: book));
        var rows = new[] { new BatchInputRow(0, "The refugees in Dunkirk are all dangerous men."), new BatchInputRow(1, "The museum opens at ten on Sundays.") };
        var modelKind = model.Classifier.Classify([rows[0].Text])[0].Kind ?? Kinds.None;
        book.Replace(DecisionMatcher.Build([new TeamDecision(6, Decided, Opposite(modelKind), "lead@example.test", DateTime.UtcNow)], model.Classifier,
            DecisionOptions.DefaultSimilarity));

        var runs = model.Classifier.Accounting.Runs;
        var scored = await batches.ScoreAsync(rows, 0.5);

        Assert.Equal(runs + 1, model.Classifier.Accounting.Runs);
        var decided = scored[0].Sentences[0];
        Assert.Equal((Opposite(modelKind), modelKind), (decided.Kind, decided.ModelKind));
        Assert.Equal(6, decided.Decision?.FeedbackId);
        Assert.Null(scored[1].Sentences[0].Decision);
        Assert.Equal(scored[1].Sentences[0].Kind, scored[1].Sentences[0].ModelKind);
    }
}
