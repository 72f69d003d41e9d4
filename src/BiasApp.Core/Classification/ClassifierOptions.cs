using System.ComponentModel.DataAnnotations;
using Microsoft.ML.OnnxRuntime;

namespace BiasApp.Core.Classification;

/// <summary>Configuration section <c>Model</c>.</summary>
public sealed class ClassifierOptions
{
    public const string Section = "Model";

    /// <summary>Folder holding model.onnx, vocab.txt and model.json. Default <c>models/stereotype-minilm</c>, relative to the app's base directory.</summary>
    [Required] public string Path { get; set; } = "models/stereotype-minilm";

    /// <summary>When false the model is not loaded and the rule-based detector answers. Default true.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// Texts per ONNX run. Default 8: small runs, two at a time, score and explain faster than large ones on this model
    /// (docs/performance.md).
    /// </summary>
    [Range(1, 512)] public int BatchSize { get; set; } = 8;

    /// <summary>
    /// Model runs one <c>Classify</c> call may have in flight at once, over its length-sorted batches; 0 = one per
    /// processor. This model's small matrices keep one run from using every core, so concurrent runs raise batched
    /// throughput (docs/performance.md). Default 0.
    /// </summary>
    [Range(0, 64)] public int ParallelRuns { get; set; }

    /// <summary>ONNX Runtime intra-op threads; 0 = one per processor. Default 0.</summary>
    [Range(0, 256)] public int IntraOpThreads { get; set; }

    /// <summary>
    /// ONNX Runtime CPU memory arena. On by default: the arena's reused buffers keep peak RSS lower than freeing every
    /// run's tensors to malloc, whose per-thread heaps fragment under concurrent runs (docs/performance.md).
    /// </summary>
    public bool UseMemoryArena { get; set; } = true;

    /// <summary>ONNX Runtime graph optimisation level. Default <c>ORT_ENABLE_ALL</c> (docs/performance.md).</summary>
    public GraphOptimizationLevel GraphOptimization { get; set; } = GraphOptimizationLevel.ORT_ENABLE_ALL;

    /// <summary>
    /// Let ONNX Runtime's intra-op worker threads spin-wait between work items. Spinning burns a core per idle
    /// worker, which concurrent runs from the inference gate (and anything else on a small shared machine) then miss
    /// (docs/performance.md). Default false (ONNX Runtime's own default is true).
    /// </summary>
    public bool AllowSpinning { get; set; }

    /// <summary>
    /// Extra ONNX Runtime session configuration entries (<c>SessionOptions.AddSessionConfigEntry</c>), e.g.
    /// <c>Model:SessionConfig:session.use_device_allocator_for_initializers=1</c>. Applied after the app's own entries.
    /// </summary>
    public Dictionary<string, string> SessionConfig { get; set; } = [];

    /// <summary>Resolves <see cref="Path"/> against <paramref name="baseDirectory"/> when relative.</summary>
    public string ResolvePath(string baseDirectory) =>
        System.IO.Path.IsPathRooted(Path) ? Path : System.IO.Path.GetFullPath(System.IO.Path.Combine(baseDirectory, Path));
}
