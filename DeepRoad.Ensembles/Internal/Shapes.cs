using System.Reflection;
using Microsoft.ML;

namespace DeepRoad.Ensembles.Internal;

/// <summary>SchemaShape helpers that ML.NET keeps internal.</summary>
internal static class Shapes
{
    // SchemaShape.Create(DataViewSchema) is internal in ML.NET 5; estimators outside ML.NET still need it to
    // validate members against a real schema before fitting.
    private static readonly MethodInfo CreateMethod =
        typeof(SchemaShape).GetMethod("Create", BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic, [typeof(DataViewSchema)])
        ?? throw new MissingMethodException("SchemaShape.Create(DataViewSchema) was not found in this ML.NET version.");

    public static SchemaShape Create(DataViewSchema schema) => (SchemaShape)CreateMethod.Invoke(null, [schema])!;

    public static bool TryFind(SchemaShape shape, string name, out SchemaShape.Column column)
    {
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
}
