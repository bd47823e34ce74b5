using DeepRoad.Pipelines;
using DeepRoad.Pipelines.Loading;
using DeepRoad.Pipelines.Schema;
using Microsoft.Data.Analysis;
using Microsoft.Data.Sqlite;
using Microsoft.ML;

namespace DeepRoad.Tests.Loading;

/// <summary>IEnumerable&lt;T&gt;, DataFrame and SQL sources infer the same schema as the file.</summary>
public sealed class SourceTests : IDisposable
{
    private readonly MLContext _ml = new(seed: 1);
    private readonly TempFiles _files = new();

    public void Dispose() => _files.Dispose();

    public sealed class Penguin
    {
        public string species { get; set; } = "";
        public string? island { get; set; }
        public float bill_length_mm { get; set; }
        public float bill_depth_mm { get; set; }
        public float flipper_length_mm { get; set; }
        public float body_mass_g { get; set; }
        public string? sex { get; set; }
    }

    private static List<Penguin> ReadPenguins()
    {
        static float F(string s) => s.Length == 0 ? float.NaN : float.Parse(s, System.Globalization.CultureInfo.InvariantCulture);
        return File.ReadLines(DataPaths.Shipped("penguins/train.csv")).Skip(1).Select(l => l.Split(','))
            .Select(p => new Penguin
            {
                species = p[0], island = p[1], bill_length_mm = F(p[2]), bill_depth_mm = F(p[3]),
                flipper_length_mm = F(p[4]), body_mass_g = F(p[5]), sex = p[6].Length == 0 ? null : p[6],
            }).ToList();
    }

    private static void AssertSameSchema(InferredSchema expected, InferredSchema actual)
    {
        Assert.Equal(expected.RowCount, actual.RowCount);
        Assert.Equal(expected.Task, actual.Task);
        Assert.Equal(expected.Label!.Classes, actual.Label!.Classes);
        foreach (var c in expected.Columns)
        {
            var a = actual[c.Name];
            Assert.Equal((c.Name, c.Role, c.Kind, c.MissingCount, c.DistinctCount), (a.Name, a.Role, a.Kind, a.MissingCount, a.DistinctCount));
        }
    }

    private InferredSchema FileSchema() =>
        DataLoader.LoadFile(_ml, DataPaths.Shipped("penguins/train.csv"), new DataLoadOptions { Label = "species" }).Schema;

    [Fact]
    public void FromEnumerable_Penguins_SameSchemaAsFile()
    {
        var loaded = DataLoader.FromEnumerable(_ml, ReadPenguins(), new DataLoadOptions { Label = "species" });
        AssertSameSchema(FileSchema(), loaded.Schema);
        Assert.Equal("IEnumerable<Penguin>", loaded.Schema.Source);
    }

    [Fact]
    public void FromDataFrame_Penguins_SameSchemaAsFile()
    {
        var rows = ReadPenguins();
        var frame = new DataFrame(
            new StringDataFrameColumn("species", rows.Select(r => r.species)),
            new StringDataFrameColumn("island", rows.Select(r => r.island)),
            new SingleDataFrameColumn("bill_length_mm", rows.Select(r => float.IsNaN(r.bill_length_mm) ? (float?)null : r.bill_length_mm)),
            new SingleDataFrameColumn("bill_depth_mm", rows.Select(r => float.IsNaN(r.bill_depth_mm) ? (float?)null : r.bill_depth_mm)),
            new SingleDataFrameColumn("flipper_length_mm", rows.Select(r => float.IsNaN(r.flipper_length_mm) ? (float?)null : r.flipper_length_mm)),
            new DoubleDataFrameColumn("body_mass_g", rows.Select(r => float.IsNaN(r.body_mass_g) ? (double?)null : r.body_mass_g)),
            new StringDataFrameColumn("sex", rows.Select(r => r.sex)));
        var loaded = DataLoader.FromDataFrame(_ml, frame, new DataLoadOptions { Label = "species" });
        AssertSameSchema(FileSchema(), loaded.Schema);
    }

    [Fact]
    public void FromDatabase_SqliteFile_SameSchemaAsFile()
    {
        var db = Path.Combine(_files.Dir, "penguins.db");
        var cs = new SqliteConnectionStringBuilder { DataSource = db, Pooling = false }.ToString();
        using (var conn = new SqliteConnection(cs))
        {
            conn.Open();
            using var create = conn.CreateCommand();
            create.CommandText = "CREATE TABLE penguins (species TEXT, island TEXT, bill_length_mm REAL, bill_depth_mm REAL, flipper_length_mm REAL, body_mass_g REAL, sex TEXT)";
            create.ExecuteNonQuery();
            using var tx = conn.BeginTransaction();
            using var insert = conn.CreateCommand();
            insert.CommandText = "INSERT INTO penguins VALUES ($s, $i, $a, $b, $c, $d, $x)";
            var ps = new[] { "$s", "$i", "$a", "$b", "$c", "$d", "$x" }.Select(n => insert.Parameters.Add(new SqliteParameter { ParameterName = n })).ToArray();
            foreach (var r in ReadPenguins())
            {
                object V(float f) => float.IsNaN(f) ? DBNull.Value : f;
                ps[0].Value = r.species; ps[1].Value = (object?)r.island ?? DBNull.Value;
                ps[2].Value = V(r.bill_length_mm); ps[3].Value = V(r.bill_depth_mm); ps[4].Value = V(r.flipper_length_mm); ps[5].Value = V(r.body_mass_g);
                ps[6].Value = (object?)r.sex ?? DBNull.Value;
                insert.ExecuteNonQuery();
            }
            tx.Commit();
        }
        var loaded = DataLoader.FromDatabase(_ml, SqliteFactory.Instance, cs, "SELECT * FROM penguins", new DataLoadOptions { Label = "species" });
        AssertSameSchema(FileSchema(), loaded.Schema);
        Assert.StartsWith("SQL 'SELECT * FROM penguins'", loaded.Schema.Source);
        var fromFile = DataLoader.LoadFile(_ml, DataPaths.Shipped("penguins/train.csv"), new DataLoadOptions { Label = "species" });
        Assert.Equal(ViewReader.Singles(fromFile.Data, "body_mass_g"), ViewReader.Singles(loaded.Data, "body_mass_g"));
    }

    [Fact]
    public void FromEnumerable_LabelNotFound_ListsColumns()
    {
        var ex = Assert.Throws<DeepRoadDataException>(() => DataLoader.FromEnumerable(_ml, ReadPenguins(), new DataLoadOptions { Label = "kind" }));
        Assert.Equal("IEnumerable<Penguin>: label column 'kind' not found. Available columns: species, island, bill_length_mm, bill_depth_mm, flipper_length_mm, body_mass_g, sex.", ex.Message);
    }
}
