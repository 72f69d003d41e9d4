using BiasApp.Core.Inference;
using Microsoft.Extensions.Options;

namespace BiasApp.Core.Tests.Inference;

public sealed class InferenceGateTests
{
    private static InferenceGate Gate(int concurrency, int queue) =>
        new(Options.Create(new InferenceOptions { MaxConcurrency = concurrency, MaxQueue = queue, RetryAfterSeconds = 3 }));

    [Fact]
    public async Task AtMostMaxConcurrencyHoldersRunAndTheRestWaitInTheQueue()
    {
        var gate = Gate(2, 5);
        var first = await gate.EnterAsync();
        var second = await gate.EnterAsync();
        var third = gate.EnterAsync().AsTask();

        Assert.Equal(2, gate.InFlight);
        Assert.Equal(1, gate.QueueLength);
        Assert.False(third.IsCompleted);

        first.Dispose();
        var lease = await third.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(2, gate.InFlight);
        Assert.Equal(0, gate.QueueLength);
        second.Dispose();
        lease.Dispose();
        Assert.Equal(0, gate.InFlight);
    }

    [Fact]
    public async Task ACallerBeyondTheQueueIsRefusedAtOnceWithRetryAfter()
    {
        var gate = Gate(1, 1);
        using var holder = await gate.EnterAsync();
        var waiting = gate.EnterAsync().AsTask();

        var busy = await Assert.ThrowsAsync<InferenceBusyException>(() => gate.EnterAsync().AsTask());
        Assert.Equal(TimeSpan.FromSeconds(3), busy.RetryAfter);
        Assert.Equal(1, gate.Rejected);
        Assert.Equal(1, gate.QueueLength);
        Assert.False(waiting.IsCompleted);
    }

    [Fact]
    public async Task ACancelledWaiterLeavesTheQueue()
    {
        var gate = Gate(1, 1);
        using var holder = await gate.EnterAsync();
        using var cancellation = new CancellationTokenSource();
        var waiting = gate.EnterAsync(cancellation.Token).AsTask();
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
        Assert.Equal(0, gate.QueueLength);
    }

    [Fact]
    public void ZeroConcurrencyMeansOnePerProcessor() =>
        Assert.Equal(Environment.ProcessorCount, Gate(0, 1).Capacity);
}
