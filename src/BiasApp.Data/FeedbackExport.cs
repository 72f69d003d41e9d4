using BiasApp.Core.Analysis;
using System.Globalization;

namespace BiasApp.Data;

/// <summary>
/// The team decisions as training data: <c>text,kind,label,model_version,model_kind,probability,decided_at</c>, one row per
/// accepted item. <c>label</c> is 1 for stereotype and portrayal, else 0 (<see cref="Kinds.Flags"/>). Text is written
/// as is (RFC 4180 quoting only): the file feeds training, where a spreadsheet's formula guard would change the sentences.
/// </summary>
public static class FeedbackExport
{
    public const string Header = "text,kind,label,model_version,model_kind,probability,decided_at";

    public static void WriteCsv(IEnumerable<FeedbackItem> decisions, TextWriter writer)
    {
        writer.Write(Header + "\n");
        foreach (var d in decisions)
        {
            writer.Write(string.Join(',',
                Quote(d.Text), d.Kind, (Kinds.Flags(d.Kind) ? 1 : 0).ToString(CultureInfo.InvariantCulture), Quote(d.ModelVersion), d.ModelKind,
                d.Probability.ToString("0.######", CultureInfo.InvariantCulture),
                d.DecidedAt?.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture) ?? ""));
            writer.Write('\n');
        }
    }

    private static string Quote(string value) =>
        value.AsSpan().IndexOfAny(",\"\r\n") < 0 ? value : "\"" + value.Replace("\"", "\"\"") + "\"";
}
