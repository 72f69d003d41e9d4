using System.Globalization;

namespace BiasApp.Research.Evaluation;

/// <summary>Reference SHAP values per sentence (one budget), cached in a tab-separated file: budget, text, then the values.</summary>
public sealed class ReferenceValues
{
    private readonly string _path;
    private readonly int _budget;
    private readonly Dictionary<string, double[]> _values = new(StringComparer.Ordinal);
    private bool _changed;

    private ReferenceValues(string path, int budget)
    {
        _path = path;
        _budget = budget;
    }

    /// <summary>The values cached for <paramref name="budget"/> in <paramref name="path"/>; none when the path is empty or absent.</summary>
    public static ReferenceValues Load(string path, int budget)
    {
        var cache = new ReferenceValues(path, budget);
        if (path.Length == 0 || !File.Exists(path)) return cache;
        foreach (var line in File.ReadLines(path))
        {
            var parts = line.Split('\t');
            if (parts.Length != 3 || parts[0] != budget.ToString(CultureInfo.InvariantCulture)) continue;
            cache._values[parts[1]] = parts[2].Split(',').Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray();
        }
        return cache;
    }

    /// <summary>The cached values of <paramref name="text"/> when there are <paramref name="words"/> of them; otherwise computed and cached.</summary>
    public double[] Get(string text, int words, Func<double[]> compute)
    {
        if (_values.TryGetValue(text, out var known) && known.Length == words) return known;
        var values = compute();
        _values[text] = values;
        _changed = true;
        return values;
    }

    /// <summary>Writes the cache back when values were computed and it has a path.</summary>
    public void Save()
    {
        if (!_changed || _path.Length == 0) return;
        File.WriteAllLines(_path, _values.Select(kv =>
            $"{_budget.ToString(CultureInfo.InvariantCulture)}\t{kv.Key.Replace('\t', ' ')}\t{string.Join(',', kv.Value.Select(v => v.ToString("R", CultureInfo.InvariantCulture)))}"));
    }
}
