namespace BiasApp.Core.Decisions;

/// <summary>
/// The team decisions this process applies now: one <see cref="DecisionMatcher"/>, replaced whole when decisions change
/// (the host loads them from its database). Reads never wait on a refresh. Singleton.
/// </summary>
public sealed class DecisionBook
{
    private DecisionMatcher _current = DecisionMatcher.Empty;

    /// <summary>The decisions in force.</summary>
    public DecisionMatcher Current => Volatile.Read(ref _current);

    /// <summary>Puts <paramref name="matcher"/> in force for every sentence scored from now on.</summary>
    public void Replace(DecisionMatcher matcher) => Volatile.Write(ref _current, matcher);
}
