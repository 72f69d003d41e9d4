using BiasApp.Core.Analysis;
using BiasApp.Core.Explanations;
using BiasApp.Core.Usage;

namespace BiasApp.Analysis;

/// <summary>State and rules of the analysis page, kept apart from rendering so they can be tested directly.</summary>
public sealed class AnalyzePageState(int maxLength)
{
    /// <summary>Message shown for failures that are not the user's input or a missing model.</summary>
    public const string UnexpectedErrorMessage = "The analysis failed unexpectedly. Please try again.";

    /// <summary>The text being edited.</summary>
    public string Text { get; set; } = "";

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
        try
        {
            Result = await analyze(Text, cancellationToken);
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
