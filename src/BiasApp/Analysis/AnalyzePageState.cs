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

    /// <summary>The kinds shown; a sentence of another kind is hidden. All four by default.</summary>
    public IReadOnlyCollection<string>? ShownKinds { get; set; } = [.. Kinds.All];

    /// <summary>
    /// The result's sentences as the view shows them: filtered by <see cref="FlaggedOnly"/> and <see cref="ShownKinds"/>
    /// (a sentence that needs review shows with its kind's filter or under <see cref="FlaggedOnly"/>), ordered by <see cref="SortByScore"/>.
    /// </summary>
    public IReadOnlyList<AnalyzedSentence> VisibleSentences
    {
        get
        {
            if (Result is null) return [];
            IEnumerable<AnalyzedSentence> sentences = Result.Sentences;
            if (FlaggedOnly) sentences = sentences.Where(IsFlaggedOrReview);
            if (ShownKinds is { } shown && shown.Count < Kinds.All.Count) sentences = sentences.Where(s => shown.Contains(s.Kind));
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

    /// <summary>A sentence the view highlights and keeps under <see cref="FlaggedOnly"/>: flagged (stereotype or portrayal), or needing review.</summary>
    public static bool IsFlaggedOrReview(AnalyzedSentence sentence) => sentence.Flagged || sentence.Review;

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

    /// <summary>When <see cref="Result"/> was made (UTC); null without one.</summary>
    public DateTimeOffset? AnalysedAt { get; private set; }

    /// <summary>Message for the last failed run; null after a success.</summary>
    public string? Error { get; private set; }

    /// <summary>The exception behind an unexpected failure, for logging.</summary>
    public Exception? UnexpectedFailure { get; private set; }

    public int CharacterCount => Text.Length;

    public bool IsOverLimit => Text.Length > MaxLength;

    /// <summary>The Analyze button is enabled only with non-blank text within the limit and no run in progress.</summary>
    public bool CanAnalyze => !IsRunning && !string.IsNullOrWhiteSpace(Text) && !IsOverLimit;

    /// <summary>True when <paramref name="sentence"/> has, or will get, an explanation behind <em>Why?</em>.</summary>
    public bool CanExplain(AnalyzedSentence sentence) =>
        ExplanationOf(sentence) is not null || (ExplainedWith != ExplanationMode.None && Pending(sentence));

    /// <summary>Sentences scored of the total while a run is in progress; null before the first report.</summary>
    public AnalysisProgress? Progress { get; private set; }

    /// <summary>The explanation the result's sentences get, one at a time after the scores (none: no <em>Why?</em>).</summary>
    public ExplanationMode ExplainedWith { get; private set; }

    /// <summary>True while explanations are computed in the background.</summary>
    public bool IsExplaining { get; private set; }

    /// <summary>Sentences of the result that can be explained (all but the too-short ones).</summary>
    public int ExplainableCount => Result?.Sentences.Count(s => !s.IsTooShort) ?? 0;

    /// <summary>Sentences explained so far.</summary>
    public int ExplainedCount => _explanations.Count + _unexplained.Count;

    /// <summary>Why explaining stopped before the end (a limit, a failure); null otherwise.</summary>
    public string? ExplanationError { get; private set; }

    /// <summary>True when sentences of the result still wait for their explanation.</summary>
    public bool NeedsExplaining => ExplainedWith != ExplanationMode.None && ExplanationError is null && ExplainedCount < ExplainableCount;

    /// <summary>True while Cancel has something to stop: the scores or the explanations.</summary>
    public bool CanCancel => IsRunning || IsExplaining;

    private readonly Dictionary<int, SentenceExplanation> _explanations = [];
    private readonly HashSet<int> _unexplained = [];
    private AnalyzedSentence? _asked;
    private CancellationTokenSource? _work;

    /// <summary>The explanation of <paramref name="sentence"/> once computed; null until then.</summary>
    public SentenceExplanation? ExplanationOf(AnalyzedSentence sentence) =>
        sentence.Explanation ?? _explanations.GetValueOrDefault(sentence.Start);

    /// <summary>The result with every explanation computed so far, for exports.</summary>
    public DocumentAnalysis? ResultWithExplanations => Result is null ? null
        : Result with { Sentences = Result.Sentences.Select(s => s with { Explanation = ExplanationOf(s) }).ToList(), Explain = ExplainedWith };

    /// <summary>Asks for <paramref name="sentence"/>'s explanation next (its <em>Why?</em> was opened).</summary>
    public void Prioritise(AnalyzedSentence sentence)
    {
        if (ExplanationOf(sentence) is null && !sentence.IsTooShort) _asked = sentence;
    }

    /// <summary>Stops what runs now (scoring or explaining) and the server work behind it.</summary>
    public void Cancel() => _work?.Cancel();

    /// <summary>Runs <paramref name="analyze"/> on <see cref="Text"/>; every failure ends up in <see cref="Error"/>, never thrown.</summary>
    public Task RunAsync(Func<string, CancellationToken, Task<DocumentAnalysis>> analyze, CancellationToken cancellationToken = default) =>
        RunAsync((text, _, token) => analyze(text, token), cancellationToken);

    /// <summary>
    /// Runs <paramref name="analyze"/> on <see cref="Text"/>, taking its progress reports; every failure ends up in
    /// <see cref="Error"/>, never thrown. <see cref="Cancel"/> or <paramref name="cancellationToken"/> stop it.
    /// </summary>
    public async Task RunAsync(Func<string, IProgress<AnalysisProgress>, CancellationToken, Task<DocumentAnalysis>> analyze, CancellationToken cancellationToken = default)
    {
        if (!CanAnalyze) return;
        var text = Text;
        if (await RunCoreAsync((progress, token) => analyze(text, progress, token), cancellationToken)) AnalyzedText = text;
    }

    /// <summary>
    /// Runs <paramref name="analyze"/> on an uploaded document (it reads and extracts the file, then scores it), like
    /// <see cref="RunAsync(Func{string, IProgress{AnalysisProgress}, CancellationToken, Task{DocumentAnalysis}}, CancellationToken)"/>;
    /// a document that cannot be read ends up in <see cref="Error"/> with the reason. <paramref name="analyze"/> gives the
    /// result and the document's extracted text, which becomes <see cref="AnalyzedText"/>; the text box is left as it is.
    /// </summary>
    public async Task RunDocumentAsync(Func<IProgress<AnalysisProgress>, CancellationToken, Task<(DocumentAnalysis Result, string Text)>> analyze,
        CancellationToken cancellationToken = default)
    {
        if (IsRunning) return;
        string? text = null;
        if (await RunCoreAsync(async (progress, token) =>
        {
            var (result, extracted) = await analyze(progress, token);
            text = extracted;
            return result;
        }, cancellationToken))
        {
            AnalyzedText = text;
            // Thousands of cards make a heavy page; a long document opens on what needs reading, and the switch shows the rest.
            if (Result!.Sentences.Count > LongDocumentSentences) FlaggedOnly = true;
        }
    }

    /// <summary>Sentences above which a document's result opens with <see cref="FlaggedOnly"/> on.</summary>
    public const int LongDocumentSentences = 500;

    private async Task<bool> RunCoreAsync(Func<IProgress<AnalysisProgress>, CancellationToken, Task<DocumentAnalysis>> analyze, CancellationToken cancellationToken)
    {
        _work?.Cancel();
        using var work = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        _work = work;
        IsRunning = true;
        Error = null;
        UnexpectedFailure = null;
        Result = null;
        AnalysedAt = null;
        AnalyzedText = null;
        Progress = null;
        ExplanationError = null;
        _explanations.Clear();
        _unexplained.Clear();
        _asked = null;
        ExplainedWith = Explain;
        try
        {
            Result = await analyze(new Reporter(this), work.Token);
            AnalysedAt = DateTimeOffset.UtcNow;
            return true;
        }
        catch (OperationCanceledException) when (work.IsCancellationRequested)
        {
            Error = "The analysis was cancelled.";
        }
        catch (Exception ex) when (ex is AnalysisUnavailableException or ArgumentException or UsageLimitExceededException
            or Core.Inference.InferenceBusyException or Core.Documents.DocumentExtractionException)
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
            if (ReferenceEquals(_work, work)) _work = null;
        }
        return false;
    }

    /// <summary>
    /// Explains the result's sentences one at a time with <paramref name="explain"/>: a sentence whose <em>Why?</em> was
    /// opened first, then the rest in the order shown, calling <paramref name="changed"/> after each. Stops at the end, on
    /// <see cref="Cancel"/>, on <paramref name="cancellationToken"/> (the page went away: it resumes on return) or on a failure
    /// (<see cref="ExplanationError"/>); never throws. A busy model is waited out.
    /// </summary>
    public async Task ExplainPendingAsync(Func<AnalyzedSentence, ExplanationMode, CancellationToken, Task<SentenceExplanation?>> explain,
        Func<Task> changed, CancellationToken cancellationToken = default)
    {
        if (IsExplaining || IsRunning || !NeedsExplaining) return;
        using var work = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        _work = work;
        IsExplaining = true;
        var result = Result;
        try
        {
            await changed();
            while (ReferenceEquals(result, Result) && NextToExplain() is { } sentence)
            {
                try
                {
                    var explanation = await explain(sentence, ExplainedWith, work.Token);
                    if (!ReferenceEquals(result, Result)) break;
                    // A sentence the explainer cannot explain still counts as done, so the loop moves on.
                    if (explanation is null) _unexplained.Add(sentence.Start);
                    else _explanations[sentence.Start] = explanation;
                }
                catch (Core.Inference.InferenceBusyException busy)
                {
                    await Task.Delay(busy.RetryAfter, work.Token);
                }
                if (ReferenceEquals(_asked, sentence)) _asked = null;
                await changed();
            }
        }
        catch (OperationCanceledException) when (work.IsCancellationRequested)
        {
            if (!cancellationToken.IsCancellationRequested && ReferenceEquals(result, Result)) ExplanationError = $"Explaining was stopped after {ExplainedCount:N0} of {ExplainableCount:N0} sentences.";
        }
        catch (Exception ex) when (ex is ArgumentException or AnalysisUnavailableException)
        {
            ExplanationError = ex.Message;
        }
        catch (Exception ex)
        {
            UnexpectedFailure = ex;
            ExplanationError = "Explaining failed unexpectedly; the scores stand.";
        }
        finally
        {
            IsExplaining = false;
            if (ReferenceEquals(_work, work)) _work = null;
        }
        await changed();
    }

    private AnalyzedSentence? NextToExplain()
    {
        if (ExplainedWith == ExplanationMode.None || Result is null) return null;
        if (_asked is { } asked && Pending(asked)) return asked;
        return VisibleSentences.Concat(Result.Sentences).FirstOrDefault(Pending);
    }

    private bool Pending(AnalyzedSentence sentence) =>
        !sentence.IsTooShort && ExplanationOf(sentence) is null && !_unexplained.Contains(sentence.Start);

    private sealed class Reporter(AnalyzePageState state) : IProgress<AnalysisProgress>
    {
        public void Report(AnalysisProgress value) => state.Progress = value;
    }
}
