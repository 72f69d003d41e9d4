using System.Text;

namespace BiasApp.Core.Decisions;

/// <summary>
/// The decisions a <see cref="DecisionMatcher"/> holds, by column: ids, times, the kind and the decider as numbers into
/// their few distinct values, and the decided sentences as UTF-8 in one array. About 25 bytes and the sentence's UTF-8
/// per decision, against about 80 and two bytes a character for a <see cref="TeamDecision"/> record with its string; a
/// record is made again for a decision that applies. Immutable.
/// </summary>
internal sealed class DecisionRecords
{
    private readonly long[] _ids;
    private readonly DateTime[] _decidedAt;
    private readonly byte[] _kinds;
    private readonly string[] _kindValues;
    private readonly int[] _deciders;
    private readonly string[] _deciderValues;
    private readonly byte[] _text;
    // Where each sentence's UTF-8 ends in _text; it starts where the one before ends.
    private readonly int[] _textEnds;

    /// <summary>Holds <paramref name="decisions"/>, in order.</summary>
    public DecisionRecords(IReadOnlyList<TeamDecision> decisions)
    {
        var count = decisions.Count;
        _ids = new long[count];
        _decidedAt = new DateTime[count];
        _kinds = new byte[count];
        _deciders = new int[count];
        _textEnds = new int[count];
        var kinds = new Dictionary<string, int>(StringComparer.Ordinal);
        var deciders = new Dictionary<string, int>(StringComparer.Ordinal);
        var length = 0;
        for (var i = 0; i < count; i++)
        {
            var d = decisions[i];
            _ids[i] = d.FeedbackId;
            _decidedAt[i] = d.DecidedAt;
            _kinds[i] = checked((byte)Number(kinds, d.Kind));
            _deciders[i] = Number(deciders, d.DecidedBy);
            length += Encoding.UTF8.GetByteCount(d.Text);
            _textEnds[i] = length;
        }
        _kindValues = [.. kinds.OrderBy(k => k.Value).Select(k => k.Key)];
        _deciderValues = [.. deciders.OrderBy(k => k.Value).Select(k => k.Key)];
        _text = new byte[length];
        for (var i = 0; i < count; i++) Encoding.UTF8.GetBytes(decisions[i].Text, _text.AsSpan(Start(i)));
    }

    /// <summary>Decisions held.</summary>
    public int Count => _ids.Length;

    /// <summary>Decision <paramref name="row"/>'s sentence.</summary>
    public string Text(int row) => Encoding.UTF8.GetString(_text, Start(row), _textEnds[row] - Start(row));

    /// <summary>Decision <paramref name="row"/>.</summary>
    public TeamDecision this[int row] => new(_ids[row], Text(row), _kindValues[_kinds[row]], _deciderValues[_deciders[row]], _decidedAt[row]);

    private int Start(int row) => row == 0 ? 0 : _textEnds[row - 1];

    private static int Number(Dictionary<string, int> values, string value) =>
        values.TryGetValue(value, out var number) ? number : values[value] = values.Count;
}
