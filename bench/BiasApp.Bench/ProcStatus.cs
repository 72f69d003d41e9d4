namespace BiasApp.Bench;

/// <summary>Memory figures of a Linux process from <c>/proc/PID/status</c>, in MB.</summary>
internal static class ProcStatus
{
    public static double Read(int pid, string field)
    {
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
        {
            if (!line.StartsWith(field + ":", StringComparison.Ordinal)) continue;
            var kb = long.Parse(line[(field.Length + 1)..].Trim().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
            return kb / 1024.0;
        }
        return double.NaN;
    }

    public static double Rss(int pid) => Read(pid, "VmRSS");

    public static double Peak(int pid) => Read(pid, "VmHWM");

    public static double Percentile(IReadOnlyList<double> values, double q)
    {
        if (values.Count == 0) return double.NaN;
        var sorted = values.Order().ToArray();
        var rank = q * (sorted.Length - 1);
        var low = (int)Math.Floor(rank);
        var high = (int)Math.Ceiling(rank);
        return sorted[low] + (sorted[high] - sorted[low]) * (rank - low);
    }
}
