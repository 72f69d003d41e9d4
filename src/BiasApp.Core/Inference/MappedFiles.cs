using System.Globalization;
using System.Runtime.InteropServices;

namespace BiasApp.Core.Inference;

/// <summary>
/// Hands back the clean pages of the read-only files the process has mapped: the .NET assemblies, native libraries
/// (ONNX Runtime's 22 MB of code) and the model file. The kernel maps such pages in runs around every page touched
/// ("fault-around"), so most of each file ends up counted in the working set although little of it is in use; they are
/// reclaimable at any time and come back from the page cache or the disk on their next use. <c>madvise(MADV_PAGEOUT)</c>
/// (Linux 5.4+) asks the kernel to reclaim them now, as it would under memory pressure. Nothing changes for the program
/// (writable mappings are left alone). Written by hand because no library wraps <c>madvise</c> with this advice; a
/// no-op on other platforms and older kernels.
/// </summary>
public static class MappedFiles
{
    private const int MadvPageout = 21;
    private static bool _unavailable = !OperatingSystem.IsLinux();

    /// <summary>Advises every read-only, file-backed mapping of this process to be paged out; returns the bytes advised (0 where unsupported).</summary>
    public static long PageOut() => PageOut(_ => true);

    /// <summary>As <see cref="PageOut()"/>, for the mappings whose file path <paramref name="include"/> accepts.</summary>
    public static long PageOut(Func<string, bool> include)
    {
        if (_unavailable) return 0;
        long advised = 0;
        var failed = 0;
        try
        {
            foreach (var (start, length, path) in ReadOnlyFileMappings(File.ReadLines("/proc/self/maps")))
            {
                if (!include(path)) continue;
                if (Madvise((nint)start, (nuint)length, MadvPageout) == 0) advised += length;
                else failed++;
            }
            // A kernel without MADV_PAGEOUT refuses every range (EINVAL): stop asking.
            if (advised == 0 && failed > 0) _unavailable = true;
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException or IOException or UnauthorizedAccessException)
        {
            _unavailable = true;
        }
        return advised;
    }

    /// <summary>
    /// The mappings of a <c>/proc/PID/maps</c> listing that belong to a file and are not writable: start, length, path.
    /// Anonymous memory, the JIT's double-mapped code (<c>memfd:</c>), deleted files and pseudo-mappings are skipped.
    /// </summary>
    public static IEnumerable<(ulong Start, long Length, string Path)> ReadOnlyFileMappings(IEnumerable<string> maps)
    {
        foreach (var line in maps)
        {
            // "7f0aa6200000-7f0aa62d4000 r-xp 000d4000 fd:01 1234567    /usr/lib/x.so" (the path may hold spaces).
            var parts = line.Split(' ', 6, StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length < 6) continue;
            var (range, permissions, path) = (parts[0], parts[1], parts[5].Trim());
            if (permissions.Length < 4 || permissions[1] == 'w' || !path.StartsWith('/') || path.EndsWith(" (deleted)", StringComparison.Ordinal)) continue;
            var dash = range.IndexOf('-');
            if (dash < 0
                || !ulong.TryParse(range.AsSpan(0, dash), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var start)
                || !ulong.TryParse(range.AsSpan(dash + 1), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var end)
                || end <= start) continue;
            yield return (start, (long)(end - start), path);
        }
    }

    // DllImport rather than LibraryImport: the signature is blittable, and LibraryImport would need unsafe code.
    [DllImport("libc", EntryPoint = "madvise", SetLastError = true)]
    private static extern int Madvise(nint address, nuint length, int advice);
}
