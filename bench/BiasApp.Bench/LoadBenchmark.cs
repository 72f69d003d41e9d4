using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using static System.FormattableString;

namespace BiasApp.Bench;

/// <summary>
/// Drives <c>POST /api/v1/analyze</c> on a running server with 1–10-sentence documents, a share of them with
/// <c>explain=both</c>, at each concurrency level for a fixed time, sampling the server's RSS from /proc.
/// </summary>
internal static partial class LoadBenchmark
{
    private sealed record Sample(double Ms, int Status, int Sentences, bool Explain);

    public static async Task<int> RunAsync(Func<string, string?> option)
    {
        var url = (option("--url") ?? "http://127.0.0.1:5099").TrimEnd('/');
        var pid = int.Parse(option("--pid") ?? throw new ArgumentException("--pid is required"), System.Globalization.CultureInfo.InvariantCulture);
        var levels = (option("--clients") ?? "1,4,16").Split(',').Select(int.Parse).ToArray();
        var seconds = double.Parse(option("--duration") ?? "20", System.Globalization.CultureInfo.InvariantCulture);
        var explainShare = double.Parse(option("--explain-share") ?? "0.2", System.Globalization.CultureInfo.InvariantCulture);
        var apiKey = option("--api-key") ?? Environment.GetEnvironmentVariable("BIASAPP_API_KEY");
        // Prometheus text is served on the server's management port (Metrics:Port) only.
        var metricsUrl = option("--metrics-url");

        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 256 }) { BaseAddress = new Uri(url), Timeout = TimeSpan.FromMinutes(2) };
        if (!string.IsNullOrEmpty(apiKey)) http.DefaultRequestHeaders.Add("X-API-Key", apiKey);
        using var metrics = new HttpClient { BaseAddress = new Uri(metricsUrl ?? url), Timeout = TimeSpan.FromSeconds(30) };

        var up = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                if ((await http.GetAsync("/health")).IsSuccessStatusCode) break;
            }
            catch (HttpRequestException) { }
            if (up.Elapsed > TimeSpan.FromSeconds(90)) throw new TimeoutException("The server did not answer /health within 90 s.");
            await Task.Delay(200);
        }
        var rssStarted = ProcStatus.Rss(pid);
        var first = await http.PostAsJsonAsync("/api/v1/analyze", new { text = "Women are bad at maths.", explain = "none" });
        var rssFirst = ProcStatus.Rss(pid);
        Console.WriteLine(Invariant($"# server pid={pid} ready_after_s={up.Elapsed.TotalSeconds:F1} rss_after_model_load_mb={rssStarted:F0} rss_after_first_request_mb={rssFirst:F0} first_status={(int)first.StatusCode} cores={Environment.ProcessorCount} load_avg={File.ReadAllText("/proc/loadavg").Trim()}"));
        Console.WriteLine("clients | explain share | req/s | p50 ms | p95 ms | p99 ms | 1-sentence none p50 ms | explain p50 ms | statuses | peak RSS MB (level) | VmHWM MB | cache hit % | load avg");

        var seed = 1;
        foreach (var (clients, share) in levels.SelectMany(c => new[] { (c, 0.0), (c, explainShare) }))
        {
            var samples = new ConcurrentBag<Sample>();
            var stop = Stopwatch.StartNew();
            var peak = 0.0;
            using var sampling = new CancellationTokenSource();
            var sampler = Task.Run(async () =>
            {
                while (!sampling.IsCancellationRequested)
                {
                    peak = Math.Max(peak, ProcStatus.Rss(pid));
                    try { await Task.Delay(100, sampling.Token); } catch (OperationCanceledException) { }
                }
            });
            var (hitsBefore, missesBefore) = await CacheCountersAsync(metrics);
            var workers = Enumerable.Range(0, clients).Select(c => Task.Run(async () =>
            {
                var random = new Random(seed * 1000 + c);
                while (stop.Elapsed.TotalSeconds < seconds)
                {
                    var count = random.Next(1, 11);
                    var explain = random.NextDouble() < share;
                    var body = new { text = Texts.Document(random, count), explain = explain ? "both" : "none" };
                    var watch = Stopwatch.StartNew();
                    int status;
                    try
                    {
                        using var response = await http.PostAsJsonAsync("/api/v1/analyze", body);
                        await response.Content.ReadAsByteArrayAsync();
                        status = (int)response.StatusCode;
                        if (status == 503 && response.Headers.RetryAfter?.Delta is { } delay)
                            await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds, 500)));
                    }
                    catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
                    {
                        status = 0;
                    }
                    samples.Add(new Sample(watch.Elapsed.TotalMilliseconds, status, count, explain));
                }
            })).ToArray();
            await Task.WhenAll(workers);
            var elapsed = stop.Elapsed.TotalSeconds;
            await sampling.CancelAsync();
            await sampler;
            seed++;
            var (hitsAfter, missesAfter) = await CacheCountersAsync(metrics);
            var lookups = hitsAfter - hitsBefore + missesAfter - missesBefore;
            var hitRate = lookups > 0 ? 100.0 * (hitsAfter - hitsBefore) / lookups : double.NaN;

            var ok = samples.Where(s => s.Status == 200).ToArray();
            var all = ok.Select(s => s.Ms).ToArray();
            var single = ok.Where(s => s.Sentences == 1 && !s.Explain).Select(s => s.Ms).ToArray();
            var explained = ok.Where(s => s.Explain).Select(s => s.Ms).ToArray();
            var statuses = string.Join(" ", samples.GroupBy(s => s.Status).OrderBy(g => g.Key).Select(g => $"{g.Key}:{g.Count()}"));
            Console.WriteLine(Invariant(
                $"{clients} | {share:F1} | {ok.Length / elapsed:F1} | {ProcStatus.Percentile(all, 0.5):F0} | {ProcStatus.Percentile(all, 0.95):F0} | {ProcStatus.Percentile(all, 0.99):F0} | {ProcStatus.Percentile(single, 0.5):F1} | {ProcStatus.Percentile(explained, 0.5):F0} | {statuses} | {peak:F0} | {ProcStatus.Peak(pid):F0} | {hitRate:F1} | {File.ReadAllText("/proc/loadavg").Split(' ')[0]}"));
        }
        return 0;
    }

    private static async Task<(double Hits, double Misses)> CacheCountersAsync(HttpClient http)
    {
        try
        {
            var text = await http.GetStringAsync("/metrics");
            return (Counter(text, "biasapp_cache_hits"), Counter(text, "biasapp_cache_misses"));
        }
        catch (HttpRequestException)
        {
            return (0, 0);
        }
    }

    private static double Counter(string metrics, string name)
    {
        var match = Regex.Match(metrics, "^" + name + @"[a-z_]*(\{[^}]*\})? ([0-9.eE+]+)", RegexOptions.Multiline);
        return match.Success ? double.Parse(match.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture) : 0;
    }
}
