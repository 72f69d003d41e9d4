using System.Globalization;
using System.Text;
using CsvHelper;
using CsvHelper.Configuration;

namespace BiasApp.Cli.Commands.Evaluation;

/// <summary>Reads a CSV with a header row (RFC 4180: quoted commas, quotes, newlines; BOM skipped) into rows of named fields.</summary>
public static class CsvInput
{
    public static (string[] Header, List<string[]> Rows) Read(string path, params string[] requiredColumns)
    {
        if (!File.Exists(path)) throw new CliException($"input file not found: {path}");
        var config = new CsvConfiguration(CultureInfo.InvariantCulture) { DetectDelimiter = false, BadDataFound = null };
        using var reader = new StreamReader(path, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        using var csv = new CsvReader(reader, config);
        if (!csv.Read() || !csv.ReadHeader()) throw new CliException($"input file is empty: {path}");
        var header = csv.HeaderRecord!;
        foreach (var column in requiredColumns)
        {
            if (!header.Contains(column))
                throw new CliException($"column '{column}' not found in {path}; columns are: {string.Join(", ", header)}");
        }
        var rows = new List<string[]>();
        while (csv.Read())
        {
            var row = new string[header.Length];
            for (var i = 0; i < header.Length; i++) row[i] = csv.GetField(i) ?? "";
            rows.Add(row);
        }
        return (header, rows);
    }
}
