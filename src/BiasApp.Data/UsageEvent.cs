namespace BiasApp.Data;

/// <summary>One analysis request, accepted or not.</summary>
public sealed class UsageEvent
{
    public long Id { get; set; }
    public required string UserId { get; set; }

    /// <summary>UTC.</summary>
    public DateTime At { get; set; }

    /// <summary><see cref="UsageChannels"/>.</summary>
    public required string Channel { get; set; }
    public int Sentences { get; set; }
    public int Characters { get; set; }

    /// <summary>Explanation method: none, shap, lime or both.</summary>
    public required string Explain { get; set; }
    public double LatencyMs { get; set; }

    /// <summary><see cref="UsageOutcomes"/>.</summary>
    public required string Outcome { get; set; }
}
