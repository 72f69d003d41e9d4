namespace BiasApp.Core.Analysis;

/// <summary>The model that produced a result.</summary>
public sealed record ModelInfo(string Name, string Version);
