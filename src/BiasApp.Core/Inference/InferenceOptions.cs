using System.ComponentModel.DataAnnotations;

namespace BiasApp.Core.Inference;

/// <summary>Configuration section <c>Inference</c>: the gate in front of the model.</summary>
public sealed class InferenceOptions
{
    public const string Section = "Inference";

    /// <summary>Analyses running model work at once; 0 = one per processor. Default 0.</summary>
    [Range(0, 256)] public int MaxConcurrency { get; set; }

    /// <summary>Analyses waiting for a slot; one more is refused with <see cref="InferenceBusyException"/>. Default 16.</summary>
    [Range(0, 10_000)] public int MaxQueue { get; set; } = 16;

    /// <summary>Seconds a refused caller is told to wait (HTTP <c>Retry-After</c>). Default 2.</summary>
    [Range(1, 3600)] public int RetryAfterSeconds { get; set; } = 2;

    /// <summary><see cref="MaxConcurrency"/> with 0 resolved to the processor count.</summary>
    public int EffectiveConcurrency => MaxConcurrency > 0 ? MaxConcurrency : Environment.ProcessorCount;
}
