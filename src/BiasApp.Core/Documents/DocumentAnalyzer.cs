using BiasApp.Core.Analysis;
using BiasApp.Core.Explanations;
using BiasApp.Core.Scoring;
using BiasApp.Core.Segmentation;

namespace BiasApp.Core.Documents;

/// <summary>
/// Analyses an extracted document through the one scoring pipeline: each paragraph is split into sentences on its own (a
/// sentence never runs across paragraphs), the sentences are scored by <see cref="AnalysisService"/> (in progress steps when
/// asked), and each gets its <see cref="SentenceLocation"/>. Scoped, like <see cref="AnalysisService"/>.
/// </summary>
public sealed class DocumentAnalyzer(AnalysisService analysis, SentenceScorer scorer)
{
    /// <summary>Why <paramref name="mode"/> cannot be served; null when it can.</summary>
    public string? UnavailableReason(ExplanationMode mode) => analysis.UnavailableReason(mode);

    /// <summary>
    /// The analysis of <paramref name="document"/>: the same result as a pasted text's, with <see cref="AnalyzedSentence.Location"/>
    /// on every sentence and <see cref="DocumentAnalysis.Document"/> set. Offsets point into <see cref="ExtractedDocument.Text"/>.
    /// Throws <see cref="ArgumentException"/> for an explanation that is not available.
    /// </summary>
    public async Task<DocumentAnalysis> AnalyzeAsync(ExtractedDocument document, ExplanationMode explain,
        IProgress<AnalysisProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var spans = new List<SentenceSpan>();
        var locations = new List<SentenceLocation>();
        foreach (var paragraph in document.Paragraphs)
        {
            var location = new SentenceLocation(paragraph.Page, paragraph.Number, paragraph.Heading);
            foreach (var span in scorer.Segment(document.Text.Substring(paragraph.Start, paragraph.Length)))
            {
                spans.Add(span with { Start = paragraph.Start + span.Start });
                locations.Add(location);
            }
        }
        var result = await analysis.AnalyzeSentencesAsync(spans, explain, progress, cancellationToken);
        var located = result.Sentences.Select((sentence, i) => sentence with { Location = locations[i] }).ToList();
        return result with { Sentences = located, Document = document.Info };
    }
}
