using System.Runtime;
using BiasApp.Core.Classification;
using BiasApp.Core.Inference;
using Microsoft.Extensions.Options;

namespace BiasApp.Performance;

/// <summary>
/// Hands memory back once the app goes idle after work, so that the working set returns to its post-start level
/// instead of staying at the high-water mark of the largest batch. Three parts keep memory after a burst of work,
/// and each is released here: ONNX Runtime's arena (grown for the largest batch shape; released by one run with
/// arena shrinkage, <see cref="StereotypeClassifier.ReleaseMemory"/>), the GC heap (a collection only happens when
/// something allocates, so an idle process keeps its garbage and its committed segments; released by an aggressive,
/// compacting full collection that also decommits) and glibc's malloc heaps (freed native memory stays in the
/// process until trimmed; released by <c>malloc_trim</c>). Idle pooled SQLite connections, each with its page cache,
/// are closed too, and the clean pages of mapped files (code and data the kernel mapped around the pages in use) are
/// handed back (<see cref="MappedFiles"/>). Checks every few seconds, trims once per idle period,
/// and never while model runs are in progress.
/// </summary>
internal sealed partial class MemoryTrimmer(ModelHost models, IOptions<MemoryOptions> options, TimeProvider clock, ILogger<MemoryTrimmer> logger)
    : BackgroundService
{
    private static readonly TimeSpan Tick = TimeSpan.FromSeconds(2);
    private long _lastRuns = -1;
    private DateTimeOffset _lastActivity;
    private long _runsAtTrim = -1;
    private long _allocatedAtTrim;
    private long _allocatedAtTick;
    private int _trims;

    /// <summary>Trims done since start (each counted once it is complete).</summary>
    public int Trims => Volatile.Read(ref _trims);

    /// <summary>The classifier's <see cref="ClassifierAccounting.Runs"/> when the last trim ended; -1 before the first.</summary>
    public long RunsAtLastTrim => Interlocked.Read(ref _runsAtTrim);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.TrimWhenIdle) return;
        _lastActivity = clock.GetUtcNow();
        using var timer = new PeriodicTimer(Tick, clock);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    if (ShouldTrim()) Trim();
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    logger.LogWarning(ex, "Trimming memory failed");
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>
    /// True when the app has been idle for <see cref="MemoryOptions.IdleSeconds"/> after work since the last trim.
    /// Activity is a model run, or more than <see cref="MemoryOptions.BusyAllocatedMbPerTick"/> allocated since the last tick (page
    /// renders, rule-based analyses, uploads and exports allocate; an idle server allocates next to nothing), so a busy
    /// app is never trimmed, whatever it is busy with.
    /// </summary>
    internal bool ShouldTrim()
    {
        var classifier = models.Classifier as StereotypeClassifier;
        var accounting = classifier?.Accounting ?? default;
        var now = clock.GetUtcNow();
        var allocated = GC.GetTotalAllocatedBytes();
        var allocatedThisTick = allocated - _allocatedAtTick;
        _allocatedAtTick = allocated;
        if (accounting.Runs != _lastRuns || accounting.RunsInFlight > 0 || allocatedThisTick > options.Value.BusyAllocatedMbPerTick * 1048576L)
        {
            _lastRuns = accounting.Runs;
            _lastActivity = now;
            return false;
        }
        if (now - _lastActivity < TimeSpan.FromSeconds(options.Value.IdleSeconds)) return false;
        var allocatedMb = (allocated - _allocatedAtTrim) / 1048576.0;
        return accounting.Runs != _runsAtTrim || allocatedMb >= options.Value.AllocatedMbToTrim;
    }

    /// <summary>Releases the arena's unused memory, collects and decommits the GC heap, and trims malloc's heaps.</summary>
    internal void Trim()
    {
        var before = Environment.WorkingSet;
        var classifier = models.Classifier as StereotypeClassifier;
        classifier?.ReleaseMemory();
        // Idle pooled SQLite connections each keep a page cache (up to 2 MB by default); reopening one is cheap.
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        NativeHeap.Trim();
        if (options.Value.PageOutMappedFiles) MappedFiles.PageOut();
        // The runs seen when the app was found idle: a run that ends during the trim is work the next trim releases.
        Interlocked.Exchange(ref _runsAtTrim, _lastRuns);
        _allocatedAtTrim = GC.GetTotalAllocatedBytes();
        Interlocked.Increment(ref _trims);
        LogTrimmed(logger, before / 1048576.0, Environment.WorkingSet / 1048576.0);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Idle: memory handed back, working set {BeforeMb:F0} MB -> {AfterMb:F0} MB")]
    private static partial void LogTrimmed(ILogger logger, double beforeMb, double afterMb);
}
