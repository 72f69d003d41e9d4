using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace BiasApp.Tests.Batches;

/// <summary>
/// Writes real .xlsx workbooks with the Open XML SDK for the tests, as Excel stores them: strings in the shared string table,
/// numbers as numbers, dates as serial numbers under a date style, booleans as 0/1.
/// </summary>
internal static class XlsxFile
{
    /// <summary>A workbook of <paramref name="sheets"/>: each a name and its rows, each row a sheet row number and its cells from column A.</summary>
    public static byte[] Create(params (string Name, (int Row, object?[] Cells)[] Rows)[] sheets)
    {
        using var stream = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(stream, SpreadsheetDocumentType.Workbook))
        {
            var workbook = document.AddWorkbookPart();
            workbook.Workbook = new Workbook(new Sheets());
            var strings = new List<string>();
            var stylesPart = workbook.AddNewPart<WorkbookStylesPart>();
            // Style 1 shows a date (built-in number format 14, m/d/yyyy).
            stylesPart.Stylesheet = new Stylesheet(
                new Fonts(new Font()), new Fills(new Fill(new PatternFill { PatternType = PatternValues.None })), new Borders(new Border()),
                new CellFormats(new CellFormat(), new CellFormat { NumberFormatId = 14, ApplyNumberFormat = true }));
            uint id = 1;
            foreach (var (name, rows) in sheets)
            {
                var part = workbook.AddNewPart<WorksheetPart>();
                var data = new SheetData();
                foreach (var (rowNumber, cells) in rows)
                {
                    var row = new Row { RowIndex = (uint)rowNumber };
                    for (var c = 0; c < cells.Length; c++)
                    {
                        if (cells[c] is not { } value) continue;
                        var cell = new Cell { CellReference = $"{(char)('A' + c)}{rowNumber}" };
                        switch (value)
                        {
                            case string s:
                                var index = strings.IndexOf(s);
                                if (index < 0)
                                {
                                    strings.Add(s);
                                    index = strings.Count - 1;
                                }
                                cell.DataType = CellValues.SharedString;
                                cell.CellValue = new CellValue(index);
                                break;
                            case DateTime d:
                                cell.StyleIndex = 1;
                                cell.CellValue = new CellValue(d.ToOADate());
                                break;
                            case bool b:
                                cell.DataType = CellValues.Boolean;
                                cell.CellValue = new CellValue(b);
                                break;
                            case double n:
                                cell.CellValue = new CellValue(n);
                                break;
                            case int n:
                                cell.CellValue = new CellValue(n);
                                break;
                        }
                        row.Append(cell);
                    }
                    data.Append(row);
                }
                part.Worksheet = new Worksheet(data);
                workbook.Workbook.Sheets!.Append(new Sheet { Id = workbook.GetIdOfPart(part), SheetId = id++, Name = name });
            }
            var sharedPart = workbook.AddNewPart<SharedStringTablePart>();
            sharedPart.SharedStringTable = new SharedStringTable(strings.Select(s => new SharedStringItem(new Text(s) { Space = SpaceProcessingModeValues.Preserve })));
        }
        return stream.ToArray();
    }
}
