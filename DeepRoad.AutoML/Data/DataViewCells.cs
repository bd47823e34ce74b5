using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace DeepRoad.AutoML.Data;

/// <summary>Reads an <see cref="IDataView"/> with scalar columns into string cells, so in-memory data goes through the same inference as files.</summary>
internal static class DataViewCells
{
    public static CsvText Read(IDataView data, string name = "(data view)")
    {
        var cols = data.Schema.Where(c => !c.IsHidden).ToList();
        long? count = data.GetRowCount();
        var columns = new List<string?[]>();
        foreach (var c in cols)
        {
            var t = c.Type;
            IEnumerable<string?> cells = t switch
            {
                _ when t == NumberDataViewType.Single => data.GetColumn<float>(c).Select(v => float.IsNaN(v) ? null : v.ToString("R", CultureInfo.InvariantCulture)),
                _ when t == NumberDataViewType.Double => data.GetColumn<double>(c).Select(v => double.IsNaN(v) ? null : v.ToString("R", CultureInfo.InvariantCulture)),
                _ when t == NumberDataViewType.Int32 => data.GetColumn<int>(c).Select(v => (string?)v.ToString(CultureInfo.InvariantCulture)),
                _ when t == NumberDataViewType.Int64 => data.GetColumn<long>(c).Select(v => (string?)v.ToString(CultureInfo.InvariantCulture)),
                _ when t == NumberDataViewType.UInt32 => data.GetColumn<uint>(c).Select(v => (string?)v.ToString(CultureInfo.InvariantCulture)),
                _ when t == BooleanDataViewType.Instance => data.GetColumn<bool>(c).Select(v => (string?)(v ? "true" : "false")),
                _ when t == TextDataViewType.Instance => data.GetColumn<ReadOnlyMemory<char>>(c).Select(v => v.Length == 0 ? null : v.ToString()),
                _ => throw new ArgumentException($"column '{c.Name}' has type {t}; AutoML reads scalar number, boolean and text columns."),
            };
            columns.Add(cells.ToArray());
        }
        int n = columns.Count == 0 ? 0 : columns[0].Length;
        var rows = new List<string?[]>(n);
        for (int r = 0; r < n; r++) rows.Add(columns.Select(col => col[r]).ToArray());
        if (rows.Count == 0) throw new Pipelines.DeepRoadDataException($"{name}: the data has no rows.");
        _ = count;
        return new CsvText { Path = name, Header = cols.Select(c => c.Name).ToArray(), Rows = rows };
    }
}
