using System.Diagnostics;
using BiasApp.Core.Classification;
using BiasApp.Core.Explanations;
using BiasApp.Core.Scoring;
using Microsoft.Extensions.Options;

namespace BiasApp.Core.Analysis;

/// <summary>Thrown when no detector can answer (model switched off or failed to load).</summary>
public sealed class AnalysisUnavailableException(string message) : InvalidOperationException(message);

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
    public async Task<DocumentAnalysis> AnalyzeAsync(AnalysisRequest request, CancellationToken cancellationToken = default)
    {
        var errors = Validate(request.Text, request.Explain);
        if (errors.Count > 0)
            throw new ArgumentException(string.Join(" ", errors.Values.SelectMany(e => e)), nameof(request));

        var watch = Stopwatch.StartNew();
        var scored = await scorer.ScoreAsync([request.Text], new ScoringSettings(_options.Threshold, request.Explain), cancellationToken);
        var results = scored.Texts[0];
        watch.Stop();

        var summary = new AnalysisSummary(
            results.Count,
            results.Count(r => r.IsStereotype),
            results.Count == 0 ? 0 : results.Max(r => r.Probability),
            _options.Threshold,
            Math.Round(watch.Elapsed.TotalMilliseconds, 1));
        return new DocumentAnalysis(results, summary, scored.Model, scored.Mode, request.Explain);
    }
}
