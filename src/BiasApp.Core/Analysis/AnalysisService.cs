using System.Diagnostics;
using BiasApp.Core.Classification;
using BiasApp.Core.Explanations;
using BiasApp.Core.Scoring;
using BiasApp.Core.Segmentation;
using Microsoft.Extensions.Options;

namespace BiasApp.Core.Analysis;

/// <summary>
/// Analyses a document for the page and the API: validates it, scores it through the <see cref="SentenceScorer"/> (the
/// pipeline batches share) and sums it up. Scoped: one per request or circuit.
/// </summary>
public sealed class AnalysisService(SentenceScorer scorer, IOptions<AnalysisOptions> options)
{
    private readonly AnalysisOptions _options = options.Value;

    /// <summary>Longest text accepted, in characters.</summary>
    public int MaxTextLength => _options.MaxTextLength;

    /// <summary>What answers analyses right now.</summary>
    public AnalysisMode Mode => scorer.Mode;

    /// <summary>True when <paramref name="mode"/> can be served: none always, the others when the explainer allows them.</summary>
    public bool Supports(ExplanationMode mode) => UnavailableReason(mode) is null;

    /// <summary>Why <paramref name="mode"/> cannot be served; null when it can.</summary>
    public string? UnavailableReason(ExplanationMode mode) => scorer.UnavailableReason(mode);

    /// <summary>Problems with <paramref name="text"/> and <paramref name="explain"/>, keyed by field name; empty when valid.</summary>
    public Dictionary<string, string[]> Validate(string? text, ExplanationMode explain)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(text))
            errors["text"] = ["Text is empty."];
        else if (text.Length > _options.MaxTextLength)
            errors["text"] = [$"Text has {text.Length:N0} characters; the limit is {_options.MaxTextLength:N0}."];
        if (UnavailableReason(explain) is { } reason)
            errors["explain"] = [reason];
        return errors;
    }

    /// <summary>
    /// Analyses <paramref name="request"/>. Throws <see cref="ArgumentException"/> for invalid input
    /// (see <see cref="Validate"/>) and <see cref="AnalysisUnavailableException"/> when no detector is loaded.
    /// </summary>
    public Task<DocumentAnalysis> AnalyzeAsync(AnalysisRequest request, CancellationToken cancellationToken = default) =>
        AnalyzeAsync(request, null, cancellationToken);

    /// <summary>
    /// Analyses <paramref name="request"/> like <see cref="AnalyzeAsync(AnalysisRequest, CancellationToken)"/>; with
    /// <paramref name="progress"/>, in chunks of <see cref="ProgressChunk"/> sentences, reporting after each, so a long text
    /// shows how far it got and a cancellation stops it between chunks as well as inside one.
    /// </summary>
    public async Task<DocumentAnalysis> AnalyzeAsync(AnalysisRequest request, IProgress<AnalysisProgress>? progress, CancellationToken cancellationToken)
    {
        var errors = Validate(request.Text, request.Explain);
        if (errors.Count > 0)
            throw new ArgumentException(string.Join(" ", errors.Values.SelectMany(e => e)), nameof(request));

        return await AnalyzeSentencesAsync(scorer.Segment(request.Text), request.Explain, progress, cancellationToken);
    }

    /// <summary>
    /// Analyses <paramref name="spans"/>, sentences already split (a document's, paragraph by paragraph), like
    /// <see cref="AnalyzeAsync(AnalysisRequest, IProgress{AnalysisProgress}?, CancellationToken)"/>: in steps of
    /// <see cref="ProgressChunk"/> with <paramref name="progress"/>. No length limit applies here; the caller sets its own.
    /// Throws <see cref="ArgumentException"/> when <paramref name="explain"/> is not available.
    /// </summary>
    public async Task<DocumentAnalysis> AnalyzeSentencesAsync(IReadOnlyList<SentenceSpan> spans, ExplanationMode explain,
        IProgress<AnalysisProgress>? progress, CancellationToken cancellationToken)
    {
        if (UnavailableReason(explain) is { } reason) throw new ArgumentException(reason, nameof(explain));
        var watch = Stopwatch.StartNew();
        var settings = new ScoringSettings(_options.Threshold, explain);
        var results = new List<AnalyzedSentence>(spans.Count);
        ModelInfo model;
        AnalysisMode mode;
        var chunk = progress is null ? Math.Max(1, spans.Count) : ProgressChunk;
        progress?.Report(new AnalysisProgress(0, spans.Count));
        // One step for an empty segmentation too: it still says which model answers, or that none can.
        var start = 0;
        do
        {
            var part = spans.Skip(start).Take(chunk).ToArray();
            (var scored, model, mode) = await scorer.ScoreSentencesAsync(part, settings, cancellationToken);
            results.AddRange(scored);
            progress?.Report(new AnalysisProgress(results.Count, spans.Count));
            start += chunk;
        }
        while (start < spans.Count);
        watch.Stop();

        var summary = new AnalysisSummary(
            results.Count,
            results.Count(r => r.Flagged),
            results.Count == 0 ? 0 : results.Max(r => r.Probability),
            _options.Threshold,
            Math.Round(watch.Elapsed.TotalMilliseconds, 1))
        {
            Kinds = KindCounts.Of(results.Select(r => r.Kind)),
        };
        return new DocumentAnalysis(results, summary, model, mode, explain);
    }

    /// <summary>Sentences scored per step when an analysis reports progress.</summary>
    public const int ProgressChunk = 64;

    /// <summary>
    /// The explanation of one analysed <paramref name="sentence"/> (offsets into its document, as the sentence's own), computed
    /// or taken from the cache; null for a too-short sentence, which is never scored. Throws <see cref="ArgumentException"/>
    /// when <paramref name="mode"/> is none or not available.
    /// </summary>
    public async Task<SentenceExplanation?> ExplainAsync(AnalyzedSentence sentence, ExplanationMode mode, CancellationToken cancellationToken = default)
    {
        if (mode == ExplanationMode.None) throw new ArgumentException("Choose an explanation: shap, lime or both.", nameof(mode));
        if (UnavailableReason(mode) is { } reason) throw new ArgumentException(reason, nameof(mode));
        if (sentence.IsTooShort) return null;
        var (scored, _, _) = await scorer.ScoreSentencesAsync([new SentenceSpan(sentence.Start, sentence.Length, sentence.Text)],
            new ScoringSettings(_options.Threshold, mode), cancellationToken);
        return scored[0].Explanation;
    }
}
