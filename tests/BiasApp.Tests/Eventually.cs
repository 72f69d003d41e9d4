using System.Diagnostics;

namespace BiasApp.Tests;

/// <summary>
/// Waits for something that happens in the background (a batch worker, a timer, a message between hosts): the condition
/// is checked at once and then every 50 ms, and the test fails with a <see cref="TimeoutException"/> that says what was
/// awaited if it does not hold in time. To check that something did not happen, first wait for an event that proves the
/// system has dealt with the input, then assert the absence; a fixed delay can pass because it was too short.
/// </summary>
public static class Eventually
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(50);

    /// <summary>Returns once <paramref name="condition"/> is true.</summary>
    /// <param name="because">What is awaited, for the failure message (e.g. "the batch is done").</param>
    public static async Task HoldsAsync(Func<Task<bool>> condition, TimeSpan timeout, string because)
    {
        var clock = Stopwatch.StartNew();
        while (!await condition())
        {
            if (clock.Elapsed >= timeout) throw new TimeoutException($"Not within {timeout.TotalSeconds:0.###} s: {because}.");
            await Task.Delay(Interval);
        }
    }

    /// <summary>Returns once <paramref name="condition"/> is true.</summary>
    /// <param name="because">What is awaited, for the failure message (e.g. "the batch is done").</param>
    public static Task HoldsAsync(Func<bool> condition, TimeSpan timeout, string because) =>
        HoldsAsync(() => Task.FromResult(condition()), timeout, because);

    /// <summary>
    /// Reads with <paramref name="read"/> until a value satisfies <paramref name="until"/>, and returns that value. The
    /// failure message names the last value read.
    /// </summary>
    /// <param name="because">What is awaited, for the failure message (e.g. "the batch ends").</param>
    public static async Task<T> MatchesAsync<T>(Func<Task<T>> read, Func<T, bool> until, TimeSpan timeout, string because)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var value = await read();
            if (until(value)) return value;
            if (clock.Elapsed >= timeout)
                throw new TimeoutException($"Not within {timeout.TotalSeconds:0.###} s: {because}. Last read: {value}");
            await Task.Delay(Interval);
        }
    }
}
