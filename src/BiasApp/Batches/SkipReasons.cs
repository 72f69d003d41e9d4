namespace BiasApp.Batches;

/// <summary>Why an input row was not scored.</summary>
public static class SkipReasons
{
    /// <summary>The text is empty or whitespace.</summary>
    public const string Blank = "blank";

    /// <summary>The text is longer than <c>Analysis:MaxTextLength</c>.</summary>
    public const string TooLong = "too_long";
}
