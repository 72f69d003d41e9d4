using System.Runtime.InteropServices;

namespace BiasApp.Core.Inference;

/// <summary>
/// glibc's <c>malloc_trim(0)</c>: returns the free memory at the top of, and inside, malloc's heaps to the operating
/// system. Written by hand because no library wraps it; a no-op on other platforms and C libraries (e.g. musl).
/// </summary>
public static class NativeHeap
{
    private static bool _unavailable = !OperatingSystem.IsLinux();

    /// <summary>Trims malloc's heaps; does nothing where glibc is not there.</summary>
    public static void Trim()
    {
        if (_unavailable) return;
        try
        {
            MallocTrim(0);
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
        {
            _unavailable = true;
        }
    }

    // DllImport rather than LibraryImport: the signature is blittable, and LibraryImport would need unsafe code.
    [DllImport("libc", EntryPoint = "malloc_trim")]
    private static extern int MallocTrim(nuint pad);
}
