using System.Collections;

namespace BiasApp.Core.Explanations;

/// <summary>
/// A reusable batch of equally long sequences: the arrays are allocated once per explanation and
/// refilled each round, so scoring a perturbation allocates no id array.
/// </summary>
internal sealed class SequenceBatch : IReadOnlyList<int[]>
{
    private readonly int[][] _rows;

    public SequenceBatch(int capacity, int length)
    {
        _rows = new int[capacity][];
        for (var i = 0; i < capacity; i++) _rows[i] = new int[length];
    }

    public int Capacity => _rows.Length;

    public int Count { get; private set; }

    public int[] this[int index] =>
        (uint)index < (uint)Count ? _rows[index] : throw new ArgumentOutOfRangeException(nameof(index));

    /// <summary>Empties the batch; the arrays are kept.</summary>
    public void Clear() => Count = 0;

    /// <summary>The next row to fill; it joins the batch.</summary>
    public int[] Add() => _rows[Count++];

    public IEnumerator<int[]> GetEnumerator()
    {
        for (var i = 0; i < Count; i++) yield return _rows[i];
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
