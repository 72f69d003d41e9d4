using System.Globalization;
using CsvHelper.Configuration;

namespace BiasApp.Api;

/// <summary>
/// Keeps exported cells inert when a spreadsheet opens them (OWASP's advice on CSV injection): a cell that starts with
/// <c>=</c>, <c>+</c>, <c>-</c>, <c>@</c>, a tab or a carriage return would be read as a formula, so it is written with a
/// leading <c>'</c>. CSV gets this from CsvHelper (<see cref="InjectionOptions.Escape"/>, which also quotes the cell); other
/// spreadsheet text (the analysis page's tab-separated copy) from <see cref="Neutralise"/>. JSON is not opened by a
/// spreadsheet and stays as the user wrote it.
/// </summary>
public static class SpreadsheetCells
{
    /// <summary>First characters that make a spreadsheet evaluate a cell.</summary>
    public static readonly char[] FormulaStarts = ['=', '+', '-', '@', '\t', '\r'];

    /// <summary>What a neutralised cell starts with.</summary>
    public const char Escape = '\'';

    /// <summary>Invariant-culture CSV writing that neutralises formula cells, header included.</summary>
    public static CsvConfiguration CsvConfiguration() => new(CultureInfo.InvariantCulture)
    {
        InjectionOptions = InjectionOptions.Escape,
        InjectionCharacters = FormulaStarts,
        InjectionEscapeCharacter = Escape,
    };

    /// <summary><paramref name="cell"/> with a leading <see cref="Escape"/> when it starts with one of <see cref="FormulaStarts"/>.</summary>
    public static string Neutralise(string cell) => cell.Length > 0 && FormulaStarts.Contains(cell[0]) ? Escape + cell : cell;
}
