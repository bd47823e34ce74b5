using Microsoft.ML;
using Microsoft.ML.Data;

namespace DeepRoad.Pipelines;

/// <summary>
/// <see cref="SchemaShape"/> helpers for estimators written outside ML.NET, which keeps <c>SchemaShape.Create</c> and
/// <c>SchemaShape.Column</c>'s constructor internal: an output shape is built as a <see cref="DataViewSchema"/> and
/// converted.
/// </summary>
public static class SchemaShapes
{
    private static readonly Func<DataViewSchema, SchemaShape> CreateShape =
        typeof(SchemaShape).GetMethod("Create", System.Reflection.BindingFlags.Static | System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.NonPublic, [typeof(DataViewSchema)])
            ?.CreateDelegate<Func<DataViewSchema, SchemaShape>>()
        ?? throw new MissingMethodException("SchemaShape.Create(DataViewSchema) was not found in this ML.NET version.");

    /// <summary>The shape of a schema.</summary>
    public static SchemaShape Create(DataViewSchema schema)
    {
        ArgumentNullException.ThrowIfNull(schema);
        return CreateShape(schema);
    }

    /// <summary>The last column named <paramref name="name"/> (the visible one), if any.</summary>
    public static bool TryFind(SchemaShape shape, string name, out SchemaShape.Column column)
    {
        ArgumentNullException.ThrowIfNull(shape);
        for (int i = shape.Count - 1; i >= 0; i--)
        {
            if (shape[i].Name == name)
            {
                column = shape[i];
                return true;
            }
        }
        column = default;
        return false;
    }

    /// <summary>
    /// A schema builder holding the columns of <paramref name="shape"/> (except those <paramref name="keep"/> rejects),
    /// to which an estimator adds its output columns. Known-size vectors get a placeholder size of 1, since a shape
    /// does not record sizes.
    /// </summary>
    public static DataViewSchema.Builder ToBuilder(SchemaShape shape, Func<string, bool>? keep = null)
    {
        ArgumentNullException.ThrowIfNull(shape);
        var b = new DataViewSchema.Builder();
        foreach (var c in shape)
        {
            if (keep is not null && !keep(c.Name)) continue;
            DataViewType t = c.Kind switch
            {
                SchemaShape.Column.VectorKind.Scalar => c.ItemType,
                SchemaShape.Column.VectorKind.Vector => new VectorDataViewType((PrimitiveDataViewType)c.ItemType, 1),
                _ => new VectorDataViewType((PrimitiveDataViewType)c.ItemType),
            };
            b.AddColumn(c.Name, t);
        }
        return b;
    }
}
