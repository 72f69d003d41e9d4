using BiasApp.Core.Classification;

namespace BiasApp.Core.Tests.Classification;

public sealed class MappedInitializersTests
{
    [Fact]
    public void OnlyTheWordEmbeddingTableOfTheShippedModelIsMapped()
    {
        var tables = MappedInitializers.FindTables(Path.Combine(ModelFolder.Path, "model.onnx"));

        // The position table (512 x 384 floats) is below the threshold; the MatMul weights are not Gather-only.
        var table = Assert.Single(tables);
        Assert.Contains("word", table.Name);
        Assert.Equal(2, table.Shape.Length);
        Assert.Equal(table.Shape[0] * table.Shape[1], table.Length);
    }

    [Fact]
    public void MappedAndCopiedTablesScoreAlike()
    {
        string[] texts = ["All nurses are women.", "It rained.", "Old people can't use computers.", "Zygomorphic quokkas photosynthesise."];
        using var mapped = StereotypeClassifier.Load(ModelFolder.Path, new ClassifierOptions(), mapTables: true);
        using var copied = StereotypeClassifier.Load(ModelFolder.Path, new ClassifierOptions(), mapTables: false);

        Assert.True(mapped.MappedBytes > 10_000_000);
        Assert.Equal(0, copied.MappedBytes);
        Assert.Equal(copied.Classify(texts), mapped.Classify(texts));
    }

    [Fact]
    public void AFileThatIsNotAModelMapsNothing()
    {
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllBytes(path, [0x3a, 0xff, 0xff, 0xff, 0x0f, 0x01]);
            using var options = new Microsoft.ML.OnnxRuntime.SessionOptions();
            using var mapped = MappedInitializers.AddTo(options, path);
            Assert.Equal(0, mapped.Bytes);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
