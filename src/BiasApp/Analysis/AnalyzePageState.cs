using BiasApp.Core.Analysis;
using BiasApp.Core.Explanations;
using BiasApp.Core.Usage;

namespace BiasApp.Analysis;

/// <summary>
/// State and rules of the analysis page, kept apart from rendering so they can be tested directly. Registered per circuit
/// (scoped), so the text, the result and the view choices survive navigating to another page and back.
/// </summary>
public sealed class AnalyzePageState(int maxLength)
{
    /// <summary>Message shown for failures that are not the user's input or a missing model.</summary>
    public const string UnexpectedErrorMessage = "The analysis failed unexpectedly. Please try again.";

    private string _text = "";

    /// <summary>The text being edited. Editing it below the limit clears <see cref="TruncatedFrom"/>.</summary>
    public string Text
    {
        get => _text;
        set
        {
            _text = value ?? "";
            if (_text.Length < MaxLength) TruncatedFrom = null;
        }
    }

    /// <summary>Length a paste would have given the text when the browser cut it at <see cref="MaxLength"/>; null when nothing was cut.</summary>
    public int? TruncatedFrom { get; private set; }

    /// <summary>The text <see cref="Result"/> belongs to (the box may have been edited since).</summary>
    public string? AnalyzedText { get; private set; }

    /// <summary>Show only sentences that are flagged or need review. Default off.</summary>
    public bool FlaggedOnly { get; set; }

    /// <summary>Order sentences by score, highest first, instead of document order. Default off.</summary>
    public bool SortByScore { get; set; }

    /// <summary>The result's sentences as the view shows them: filtered by <see cref="FlaggedOnly"/>, ordered by <see cref="SortByScore"/>.</summary>
    public IReadOnlyList<AnalyzedSentence> VisibleSentences
    {
        get
        {
            if (Result is null) return [];
            IEnumerable<AnalyzedSentence> sentences = Result.Sentences;
            if (FlaggedOnly) sentences = sentences.Where(IsFlaggedOrReview);
            if (SortByScore) sentences = sentences.OrderByDescending(s => s.Probability).ThenBy(s => s.Start);
            return sentences.ToList();
        }
    }

    /// <summary>Why the Analyze button is disabled; null while it is enabled or a run is in progress.</summary>
    public string? DisabledReason =>
        IsRunning ? null
        : string.IsNullOrWhiteSpace(Text) ? "Enter or paste a text to analyze."
        : IsOverLimit ? $"The text is over the {MaxLength:N0}-character limit; shorten it to analyze."
        : null;

    /// <summary>A sentence the view highlights and keeps under <see cref="FlaggedOnly"/>: labelled stereotype, or needing review.</summary>
    public static bool IsFlaggedOrReview(AnalyzedSentence sentence) => sentence.IsStereotype || sentence.Review;

    /// <summary>Records that a paste of <paramref name="length"/> characters was cut at the limit (the browser enforces it).</summary>
    public void NoteTruncatedPaste(int length)
    {
        if (length > MaxLength) TruncatedFrom = length;
    }

    /// <summary>Explanation asked for with the next run. Default none.</summary>
    public ExplanationMode Explain { get; set; } = ExplanationMode.None;

    /// <summary>Longest text accepted (<c>Analysis:MaxTextLength</c>).</summary>
    public int MaxLength { get; } = maxLength;

    /// <summary>True while an analysis runs.</summary>
    public bool IsRunning { get; private set; }

    /// <summary>The last successful result; cleared when a new run starts.</summary>
    public DocumentAnalysis? Result { get; private set; }

    /// <summary>Message for the last failed run; null after a success.</summary>
    public string? Error { get; private set; }

    /// <summary>The exception behind an unexpected failure, for logging.</summary>
    public Exception? UnexpectedFailure { get; private set; }

    public int CharacterCount => Text.Length;

    public bool IsOverLimit => Text.Length > MaxLength;

    /// <summary>The Analyze button is enabled only with non-blank text within the limit and no run in progress.</summary>
    public bool CanAnalyze => !IsRunning && !string.IsNullOrWhiteSpace(Text) && !IsOverLimit;

    /// <summary>Runs <paramref name="analyze"/> on <see cref="Text"/>; every failure ends up in <see cref="Error"/>, never thrown.</summary>
    public async Task RunAsync(Func<string, CancellationToken, Task<DocumentAnalysis>> analyze, CancellationToken cancellationToken = default)
    {
        if (!CanAnalyze) return;
        IsRunning = true;
        Error = null;
        UnexpectedFailure = null;
        Result = null;
        AnalyzedText = null;
        try
        {
            var text = Text;
            Result = await analyze(text, cancellationToken);
            AnalyzedText = text;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            Error = "The analysis was cancelled.";
        }
        catch (Exception ex) when (ex is AnalysisUnavailableException or ArgumentException or UsageLimitExceededException or Core.Inference.InferenceBusyException)
        {
            Error = ex.Message;
        }
        catch (Exception ex)
        {
            UnexpectedFailure = ex;
            Error = UnexpectedErrorMessage;
        }
        finally
        {
            IsRunning = false;
        }
    }
}
