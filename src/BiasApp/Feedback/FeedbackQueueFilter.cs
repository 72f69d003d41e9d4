namespace BiasApp.Feedback;

/// <summary>The review queue's filter: by the correction's kind, by analyst and by model version; a null criterion lets all through.</summary>
public sealed class FeedbackQueueFilter
{
    public string? Kind { get; set; }
    public string? Analyst { get; set; }
    public string? ModelVersion { get; set; }

    /// <summary>The items that pass, in their order.</summary>
    public IReadOnlyList<FeedbackView> Apply(IEnumerable<FeedbackView> items) => items
        .Where(i => (Kind is null || i.Kind == Kind) && (Analyst is null || i.Analyst == Analyst) && (ModelVersion is null || VersionOf(i) == ModelVersion))
        .ToList();

    /// <summary>The model versions the items hold (name@version), for the filter's choices.</summary>
    public static IReadOnlyList<string> ModelVersions(IEnumerable<FeedbackView> items) => items.Select(VersionOf).Distinct().Order(StringComparer.Ordinal).ToList();

    /// <summary>The analysts the items come from, for the filter's choices.</summary>
    public static IReadOnlyList<string> Analysts(IEnumerable<FeedbackView> items) => items.Select(i => i.Analyst).Distinct().Order(StringComparer.OrdinalIgnoreCase).ToList();

    /// <summary>How a model version is shown and filtered: <c>name@version</c>.</summary>
    public static string VersionOf(FeedbackView item) => $"{item.ModelName}@{item.ModelVersion}";
}
