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
    /// Texts per ONNX run. Default 8: measured (README, Performance), small runs two at a time score 740 dev sentences/s
    /// against 369 for runs of 32, and explain a 20-word sentence in 446 ms against 769.
    /// </summary>
    [Range(1, 512)] public int BatchSize { get; set; } = 8;

    /// <summary>
    /// Model runs one <c>Classify</c> call may have in flight at once, over its length-sorted batches; 0 = one per
    /// processor. Measured (README, Performance): this model's small matrices keep one run from using both cores of the
    /// 2-core machine, so two concurrent runs nearly double batched throughput. Default 0.
    /// </summary>
    [Range(0, 64)] public int ParallelRuns { get; set; }

    /// <summary>ONNX Runtime intra-op threads; 0 = one per processor. Default 0.</summary>
    [Range(0, 256)] public int IntraOpThreads { get; set; }

    /// <summary>
    /// ONNX Runtime CPU memory arena. On by default: measured (README, Performance), the arena's reused buffers keep
    /// peak RSS lower than freeing every run's tensors to malloc, whose per-thread heaps fragment under concurrent runs
    /// (257 vs 375 MB at 16 clients with explanations).
    /// </summary>
    public bool UseMemoryArena { get; set; } = true;

    /// <summary>ONNX Runtime graph optimisation level. Default <c>ORT_ENABLE_ALL</c> (see the README's measured table).</summary>
    public GraphOptimizationLevel GraphOptimization { get; set; } = GraphOptimizationLevel.ORT_ENABLE_ALL;

    /// <summary>
    /// Let ONNX Runtime's intra-op worker threads spin-wait between work items. Spinning burns a core per idle
    /// worker, which concurrent runs from the inference gate (and anything else on a small shared machine) then miss;
    /// measured in the README's session table. Default false (ONNX Runtime's own default is true).
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
