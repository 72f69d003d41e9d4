using System.IO.MemoryMappedFiles;
using BiasApp.Core.Classification;
using BiasApp.Core.Inference;
using BiasApp.Core.Tests.Classification;

namespace BiasApp.Core.Tests.Inference;

public sealed class MappedFilesTests
{
    [Fact]
    public void OnlyReadOnlyMappingsOfRealFilesArePagedOut()
    {
        string[] maps =
        [
            "7f0aa6200000-7f0aa62d4000 r--p 00000000 fd:01 11 /usr/lib/libonnxruntime.so",
            "7f0aa62d4000-7f0aa7894000 r-xp 000d4000 fd:01 11 /usr/lib/libonnxruntime.so",
            "7f0aa7df6000-7f0aa7dfd000 rw-p 01bf6000 fd:01 11 /usr/lib/libonnxruntime.so",
            "7f1000000000-7f1000001000 r--s 00000000 fd:01 12 /app/models/a model.onnx",
            "7f2000000000-7f2000400000 r-xs 00000000 00:01 13 /memfd:doublemapper (deleted)",
            "7f3000000000-7f3000100000 rw-p 00000000 00:00 0 ",
            "7f3000100000-7f3000200000 r--p 00000000 00:00 0 [heap]",
            "7fff00000000-7fff00002000 r-xp 00000000 00:00 0 [vdso]",
            "garbage",
        ];

        var found = MappedFiles.ReadOnlyFileMappings(maps).ToArray();

        Assert.Equal(
            [
                (0x7f0aa6200000UL, 0xd4000L, "/usr/lib/libonnxruntime.so"),
                (0x7f0aa62d4000UL, 0x15c0000L, "/usr/lib/libonnxruntime.so"),
                (0x7f1000000000UL, 0x1000L, "/app/models/a model.onnx"),
            ],
            found);
    }

    [Fact]
    public void ATouchedMappedFileLeavesTheWorkingSetWhenPagedOut()
    {
        if (!OperatingSystem.IsLinux()) return; // madvise(MADV_PAGEOUT) is Linux only, as is the container
        // A file on disk (not tmpfs: its pages would be memory, not cache), written and flushed so that its pages are clean.
        var dir = Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "mapped-" + Guid.NewGuid().ToString("N")));
        var path = Path.Combine(dir.FullName, "data.bin");
        try
        {
            const int size = 8 << 20;
            using (var stream = new FileStream(path, FileMode.CreateNew))
            {
                stream.Write(new byte[size].Select((_, i) => (byte)i).ToArray());
                stream.Flush(flushToDisk: true);
            }
            using var file = MemoryMappedFile.CreateFromFile(path, FileMode.Open, null, 0, MemoryMappedFileAccess.Read);
            using var view = file.CreateViewAccessor(0, size, MemoryMappedFileAccess.Read);
            long sum = 0;
            for (var offset = 0; offset < size; offset += 4096) sum += view.ReadByte(offset);
            var before = ResidentKb(path);

            var advised = MappedFiles.PageOut(p => p == path);
            var after = ResidentKb(path);

            Assert.True(before >= 6 * 1024, $"{before} kB resident after touching every page");
            Assert.True(advised >= size, $"{advised} bytes advised");
            Assert.True(after < before / 4, $"{before} kB resident before, {after} kB after");
            // The data is still there: the pages come back on use.
            for (var offset = 0; offset < size; offset += 4096) sum -= view.ReadByte(offset);
            Assert.Equal(0, sum);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void TheModelScoresAlikeAfterEverythingIsPagedOut()
    {
        string[] texts = ["Mexicans are lazy.", "The train to Berlin was delayed.", "All nurses are women."];
        using var classifier = StereotypeClassifier.Load(ModelFolder.Path);
        var before = classifier.Classify(texts);

        MappedFiles.PageOut();

        Assert.Equal(before, classifier.Classify(texts));
    }

    private static long ResidentKb(string path)
    {
        long total = 0;
        var inMapping = false;
        foreach (var line in File.ReadLines("/proc/self/smaps"))
        {
            // A mapping's header line as in /proc/self/maps, then its fields ("Rss:   8192 kB", "VmFlags: rd mr", ...).
            var parts = line.Split(' ', 6, StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length == 0) continue;
            if (!parts[0].EndsWith(':')) inMapping = parts.Length == 6 && parts[5].Trim() == path;
            else if (inMapping && parts[0] == "Rss:") total += long.Parse(parts[1]);
        }
        return total;
    }
}
