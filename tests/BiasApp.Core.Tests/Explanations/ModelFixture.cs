using BiasApp.Core.Classification;

namespace BiasApp.Core.Tests.Explanations;

/// <summary>Loads the committed model once for the tests that need it.</summary>
public sealed class ModelFixture : IDisposable
{
    public ModelFixture() => Classifier = StereotypeClassifier.Load(FindModelFolder());

    public StereotypeClassifier Classifier { get; }

    public void Dispose() => Classifier.Dispose();

    private static string FindModelFolder()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "models", "stereotype-minilm");
            if (File.Exists(Path.Combine(candidate, "model.onnx"))) return candidate;
        }
        throw new DirectoryNotFoundException("models/stereotype-minilm not found above " + AppContext.BaseDirectory);
    }
}
