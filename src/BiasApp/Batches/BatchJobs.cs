using System.Collections.Concurrent;
using System.Diagnostics;
using System.Threading.Channels;
using BiasApp.Core.Batches;

namespace BiasApp.Batches;

/// <summary>
/// The in-process side of batches: the wake-up signal the worker waits on, and live progress and cancellation of the batch
/// running in this process. Singleton; the database is the queue and holds everything that must survive a restart or be
/// seen by other replicas.
/// </summary>
public sealed class BatchJobs
{
    private readonly Channel<Guid> _queue = Channel.CreateUnbounded<Guid>(new UnboundedChannelOptions { SingleReader = true });
    private readonly ConcurrentDictionary<Guid, LiveBatch> _live = new();
    private readonly ConcurrentQueue<Guid> _local = new();

    /// <summary>Raised (on a worker thread) whenever a batch changes status or progress.</summary>
    public event Action<Guid>? Changed;

    /// <summary>
    /// Waits until a batch is enqueued in this process or <paramref name="timeout"/> passes (work queued by another replica,
    /// or left by one that died, is found by polling the database).
    /// </summary>
    internal async Task WaitForWorkAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        wait.CancelAfter(timeout);
        try
        {
            await _queue.Reader.WaitToReadAsync(wait.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
        }
        while (_queue.Reader.TryRead(out _))
        {
        }
    }

    /// <summary>Wakes this process's worker for <paramref name="id"/> (the database is the queue).</summary>
    public void Enqueue(Guid id)
    {
        _local.Enqueue(id);
        _queue.Writer.TryWrite(id);
        Notify(id);
    }

    /// <summary>
    /// The next batch queued through this process since the last call: a worker that cannot score (no model) claims only
    /// these, to fail them with the reason, and leaves other replicas' batches to replicas that can.
    /// </summary>
    internal bool TryTakeLocal(out Guid id) => _local.TryDequeue(out id);

    /// <summary>Batches running in this process now (their live progress and cancellation are held until they end).</summary>
    public int Running => _live.Count;

    /// <summary>Live progress of a running batch; null when it is not running in this process.</summary>
    public BatchProgress? Progress(Guid id) => _live.TryGetValue(id, out var live) ? live.Progress : null;

    /// <summary>Asks a running batch to stop; false when it is not running here.</summary>
    public bool Cancel(Guid id)
    {
        if (!_live.TryGetValue(id, out var live)) return false;
        live.Cancellation.Cancel();
        return true;
    }

    internal LiveBatch Start(Guid id, int rowsDone, int rowsTotal, CancellationToken stopping)
    {
        var live = new LiveBatch(rowsDone, rowsTotal, CancellationTokenSource.CreateLinkedTokenSource(stopping));
        _live[id] = live;
        Notify(id);
        return live;
    }

    internal void Finish(Guid id)
    {
        if (_live.TryRemove(id, out var live)) live.Cancellation.Dispose();
        Notify(id);
    }

    internal void Notify(Guid id) => Changed?.Invoke(id);

    internal sealed class LiveBatch(int rowsDone, int rowsTotal, CancellationTokenSource cancellation)
    {
        private readonly Stopwatch _watch = Stopwatch.StartNew();
        private int _rowsDone = rowsDone;

        public CancellationTokenSource Cancellation { get; } = cancellation;

        public BatchProgress Progress => new(Volatile.Read(ref _rowsDone), rowsTotal, _watch.Elapsed);

        public void Report(int rowsDone) => Volatile.Write(ref _rowsDone, rowsDone);
    }
}
