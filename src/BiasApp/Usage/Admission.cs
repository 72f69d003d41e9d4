using System.Diagnostics;
using BiasApp.Core.Explanations;

namespace BiasApp.Usage;

/// <summary>An analysis admitted (or refused) under the daily quotas; record its outcome once, then dispose it.</summary>
public sealed class Admission : IAsyncDisposable
{
    private readonly QuotaGate _gate;
    private readonly string _userId;
    private readonly string _channel;
    private readonly ExplanationMode _explain;
    private readonly int _characters;
    private readonly long _started = Stopwatch.GetTimestamp();
    private Guid? _reservation;

    internal Admission(QuotaGate gate, Guid? reservation, string userId, string channel, ExplanationMode explain, int characters, UsageRefusal? refusal)
    {
        _gate = gate;
        _reservation = reservation;
        _userId = userId;
        _channel = channel;
        _explain = explain;
        _characters = characters;
        Refusal = refusal;
    }

    /// <summary>Set when the quotas refused the request (already recorded as rejected).</summary>
    public UsageRefusal? Refusal { get; }

    /// <summary>Time since the admission.</summary>
    public TimeSpan Elapsed => Stopwatch.GetElapsedTime(_started);

    /// <summary>
    /// Records the analysis even if the caller has gone away; the reservation is released in the same transaction, so the
    /// analysis never counts twice or not at all.
    /// </summary>
    public async Task RecordAsync(UsageMeasure measure)
    {
        if (_reservation is not { } reservation) return;
        _reservation = null;
        await _gate.RecordAsync(reservation, _userId, _channel, _explain, _characters, measure);
    }

    /// <summary>Releases the reservation of an analysis that was not recorded (cancelled, or refused by validation).</summary>
    public async ValueTask DisposeAsync()
    {
        if (_reservation is not { } reservation) return;
        _reservation = null;
        await _gate.ReleaseAsync(reservation);
    }
}
