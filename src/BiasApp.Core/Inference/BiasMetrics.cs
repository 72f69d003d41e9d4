using System.Diagnostics.Metrics;

namespace BiasApp.Core.Inference;

/// <summary>
/// The custom instruments of meter <c>BiasApp</c>: model latency, sentences classified, cache hits and misses,
/// gate rejections, and gauges for the gate's queue and in-flight count, the process working set and the GC heap.
/// Singleton; the host exports the meter (Prometheus at <c>/metrics</c>).
/// </summary>
public sealed class BiasMetrics : IDisposable
{
    /// <summary>Name of the meter.</summary>
    public const string MeterName = "BiasApp";

    private readonly Meter _meter;
    private readonly Histogram<double> _modelDuration;
    private readonly Counter<long> _sentences;
    private readonly Counter<long> _cacheHits;
    private readonly Counter<long> _cacheMisses;
    private readonly Counter<long> _rejected;
    private readonly bool _ownsMeter;
    private InferenceGate? _gate;

    /// <summary>Creates the instruments on a meter from <paramref name="meterFactory"/> (a private meter when null).</summary>
    public BiasMetrics(IMeterFactory? meterFactory = null)
    {
        _ownsMeter = meterFactory is null;
        _meter = meterFactory?.Create(MeterName) ?? new Meter(MeterName);
        _modelDuration = _meter.CreateHistogram<double>("biasapp.model.duration", "s",
            "Time an analysis held the inference gate (classification and explanations).",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30] });
        _sentences = _meter.CreateCounter<long>("biasapp.sentences.classified", "{sentence}", "Sentences run through the model (cache misses).");
        _cacheHits = _meter.CreateCounter<long>("biasapp.cache.hits", "{sentence}", "Sentences answered from the result cache.");
        _cacheMisses = _meter.CreateCounter<long>("biasapp.cache.misses", "{sentence}", "Sentences not found in the result cache.");
        _rejected = _meter.CreateCounter<long>("biasapp.inference.rejected", "{request}", "Analyses refused because the gate's queue was full.");
        _meter.CreateObservableGauge("biasapp.inference.queue_length", () => _gate?.QueueLength ?? 0, "{request}", "Analyses waiting for the inference gate.");
        _meter.CreateObservableGauge("biasapp.inference.in_flight", () => _gate?.InFlight ?? 0, "{request}", "Analyses holding the inference gate.");
        _meter.CreateObservableGauge("biasapp.process.working_set", () => Environment.WorkingSet, "By", "Process working set (RSS).");
        _meter.CreateObservableGauge("biasapp.gc.heap_size", () => GC.GetGCMemoryInfo().HeapSizeBytes, "By", "GC heap size after the last collection.");
        _meter.CreateObservableGauge("biasapp.gc.total_memory", () => GC.GetTotalMemory(false), "By", "Bytes currently thought to be allocated on the GC heap.");
    }

    /// <summary>The gate whose queue and in-flight count the gauges report.</summary>
    public void Observe(InferenceGate gate) => _gate = gate;

    /// <summary>Records one analysis's time in the gate.</summary>
    public void ModelRun(TimeSpan elapsed, int sentences, string explain)
    {
        _modelDuration.Record(elapsed.TotalSeconds, new KeyValuePair<string, object?>("explain", explain));
        _sentences.Add(sentences);
    }

    public void CacheHit() => _cacheHits.Add(1);

    public void CacheMiss() => _cacheMisses.Add(1);

    public void Rejected() => _rejected.Add(1);

    public void Dispose()
    {
        // A factory's meters belong to the factory, which disposes them with the container.
        if (_ownsMeter) _meter.Dispose();
    }
}
