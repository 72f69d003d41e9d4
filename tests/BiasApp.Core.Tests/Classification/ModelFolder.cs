namespace BiasApp.Core.Tests.Classification;

/// <summary>The committed model folder, copied next to the test assembly.</summary>
internal static class ModelFolder
{
    public static string Path => System.IO.Path.Combine(AppContext.BaseDirectory, "models", "stereotype-minilm");

    /// <summary>A temporary copy of the model folder that a test may break.</summary>
    public static string CopyToTemp()
    {
        var target = Directory.CreateTempSubdirectory("biasapp-model-").FullName;
        foreach (var file in Directory.GetFiles(Path))
            File.Copy(file, System.IO.Path.Combine(target, System.IO.Path.GetFileName(file)));
        return target;
    }
}
