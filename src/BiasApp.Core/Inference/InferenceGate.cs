using Microsoft.Extensions.Options;

namespace BiasApp.Core.Inference;

/// <summary>
/// Bounds model work: at most <see cref="InferenceOptions.MaxConcurrency"/> holders at once and at most
/// <see cref="InferenceOptions.MaxQueue"/> waiting; a caller beyond that is refused at once rather than queued,
/// so memory and latency stay bounded under overload. Classification and explanations share it. Singleton.
/// </summary>
public sealed class InferenceGate
{
    private readonly SemaphoreSlim _slots;
    private readonly int _maxQueue;
    private readonly TimeSpan _retryAfter;
    private readonly BiasMetrics? _metrics;
    private int _queued;
    private int _inFlight;
    private long _rejected;

    /// <summary>A gate with the configured limits.</summary>
    public InferenceGate(IOptions<InferenceOptions> options, BiasMetrics? metrics = null)
    {
        _metrics = metrics;
        metrics?.Observe(this);
        var settings = options.Value;
        Capacity = settings.EffectiveConcurrency;
        _slots = new SemaphoreSlim(Capacity, Capacity);
        _maxQueue = settings.MaxQueue;
        _retryAfter = TimeSpan.FromSeconds(settings.RetryAfterSeconds);
    }

    /// <summary>Most holders at once.</summary>
    public int Capacity { get; }

    /// <summary>Callers waiting for a slot now.</summary>
    public int QueueLength => Volatile.Read(ref _queued);

    /// <summary>Callers holding a slot now.</summary>
    public int InFlight => Volatile.Read(ref _inFlight);

    /// <summary>Callers refused since start.</summary>
    public long Rejected => Interlocked.Read(ref _rejected);

    /// <summary>
    /// Waits for a slot; dispose the result to give it back. Throws <see cref="InferenceBusyException"/> when the
    /// queue is full and <see cref="OperationCanceledException"/> when <paramref name="cancellationToken"/> fires while waiting.
    /// </summary>
    public async ValueTask<IDisposable> EnterAsync(CancellationToken cancellationToken = default)
    {
        if (!_slots.Wait(0))
        {
            if (Interlocked.Increment(ref _queued) > _maxQueue)
            {
                Interlocked.Decrement(ref _queued);
                Interlocked.Increment(ref _rejected);
                _metrics?.Rejected();
                throw new InferenceBusyException(_retryAfter);
            }
            try
            {
                await _slots.WaitAsync(cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                Interlocked.Decrement(ref _queued);
            }
        }
        Interlocked.Increment(ref _inFlight);
        return new Lease(this);
    }

    private void Exit()
    {
        Interlocked.Decrement(ref _inFlight);
        _slots.Release();
    }

    private sealed class Lease(InferenceGate gate) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0) gate.Exit();
        }
    }
}
