using BiasApp.Core.Classification;
using BiasApp.Core.Decisions;
using BiasApp.Core.Rules;
using BiasApp.Data;
using Microsoft.Extensions.Options;

namespace BiasApp.Feedback;

/// <summary>
/// Keeps this replica's <see cref="DecisionBook"/> in step with the team decisions in the database: loads them at start,
/// reloads at once when a decision changes here (<see cref="RefreshAsync"/>), and every
/// <see cref="DecisionOptions.PollMilliseconds"/> compares a cheap fingerprint (count and latest decision time) so a change
/// made on another replica applies here within a poll. A reload embeds only the decided sentences it did not hold before; at start
/// the exact matches apply while the embeddings are made. Singleton and hosted service.
/// </summary>
public sealed class TeamDecisions(
    FeedbackStore store, DecisionBook book, ModelHost models, RuleDetector rules, IOptions<DecisionOptions> options, ILogger<TeamDecisions> logger)
    : BackgroundService
{
    // The group words a near-duplicate may not change come from the lexicon the rules use (Rules:LexiconPath or the embedded one).
    private readonly NearDuplicates _details = NearDuplicates.From(rules.Lexicon);
    private readonly SemaphoreSlim _refresh = new(1, 1);
    private (int Count, DateTime? Latest)? _loaded;

    /// <summary>Reloads the decisions from the database and puts them in force.</summary>
    public async Task RefreshAsync(CancellationToken cancellationToken = default)
    {
        await _refresh.WaitAsync(cancellationToken);
        try
        {
            // The fingerprint is read first: a change landing during the load is seen again on the next poll.
            var fingerprint = await store.DecisionsFingerprintAsync(cancellationToken);
            var listings = await store.ListAsync(FeedbackStatuses.Decided, cancellationToken);
            var decisions = listings
                .OrderBy(l => l.Item.DecidedAt).ThenBy(l => l.Item.Id)
                .Select(l => new TeamDecision(l.Item.Id, l.Item.Text, l.Item.Kind, l.DecidedBy ?? l.Item.DecidedById ?? "unknown",
                    DateTime.SpecifyKind(l.Item.DecidedAt ?? l.Item.CreatedAt, DateTimeKind.Utc)))
                .ToList();
            // Decided sentences already embedded keep their vectors: only new ones run through the model.
            var previous = book.Current;
            // At start nothing is embedded yet, and embedding thousands of decisions takes tens of seconds: the exact matches
            // (normalised text, no model) go into force first, the near-duplicates once their embeddings are made.
            if (!previous.MatchesNearDuplicates && decisions.Count > 0 && models.Classifier is { HasEmbedding: true })
                book.Replace(DecisionMatcher.Build(decisions, classifier: null, options.Value.Similarity, _details, cancellationToken));
            var matcher = await Task.Run(() => DecisionMatcher.Build(decisions, models.Classifier, options.Value.Similarity,
                _details, cancellationToken, previous), cancellationToken);
            book.Replace(matcher);
            _loaded = fingerprint;
        }
        finally
        {
            _refresh.Release();
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var period = TimeSpan.FromMilliseconds(options.Value.PollMilliseconds);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (_loaded is null || await store.DecisionsFingerprintAsync(stoppingToken) != _loaded)
                    await RefreshAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // The database may not be migrated yet at start, or briefly unreachable; keep the decisions in force and retry.
                logger.LogWarning(ex, "Could not refresh the team decisions; retrying in {Period}.", period);
            }
            try
            {
                await Task.Delay(period, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    public override void Dispose()
    {
        _refresh.Dispose();
        base.Dispose();
    }
}
