using System.Text;
using DeepRoad.Pipelines;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace DeepRoad.Ensembles.Data;

/// <summary>
/// What DeepRoad's own fitted trainers (extra trees, naive Bayes) record besides their parameters: the task, the
/// feature column and its width, and the classes. It writes and reads the start of their files, checks an input's
/// feature vector, and names the scored columns they append.
/// </summary>
internal sealed record FittedHeader(MLTask Task, string FeatureColumn, int FeatureCount, int ClassCount, string[]? ClassNames)
{
    /// <summary>Writes the file's magic string, then the header.</summary>
    public void Write(BinaryWriter w, string magic)
    {
        w.Write(magic);
        w.Write((int)Task);
        w.Write(FeatureColumn);
        w.Write(FeatureCount);
        w.Write(ClassCount);
        w.Write(ClassNames?.Length ?? -1);
        foreach (var name in ClassNames ?? []) w.Write(name);
    }

    /// <summary>Reads what <see cref="Write"/> wrote; a different magic string is an error naming <paramref name="model"/>.</summary>
    public static FittedHeader Read(BinaryReader r, string magic, string model)
    {
        string found = r.ReadString();
        if (found != magic) throw new InvalidDataException($"Not a DeepRoad {model} model (header '{found}').");
        var task = (MLTask)r.ReadInt32();
        string column = r.ReadString();
        int features = r.ReadInt32(), classes = r.ReadInt32(), names = r.ReadInt32();
        string[]? classNames = names < 0 ? null : Enumerable.Range(0, names).Select(_ => r.ReadString()).ToArray();
        return new FittedHeader(task, column, features, classes, classNames);
    }

    /// <summary>Checks that the input's feature vector has the fitted width; <paramref name="fittedBy"/> is for example "naive Bayes was".</summary>
    public void CheckInput(DataViewSchema input, string fittedBy)
    {
        int d = ScoredColumns.FeatureWidth(input, FeatureColumn);
        if (d != FeatureCount)
            throw new ArgumentException($"Feature column '{FeatureColumn}' has {d} slots; {fittedBy} fitted on {FeatureCount}.");
    }

    /// <summary>
    /// The appender of a model that scores one dense feature row at a time: checks the input's width, then per cursor
    /// reads the row into a dense array once per position and calls the scorer that <paramref name="newScorer"/> made for
    /// that cursor (its own buffers: cursors may run on several threads), which fills <paramref name="outputs"/> values:
    /// P(class 1), the class probabilities or the value.
    /// </summary>
    public ColumnAppender DenseRowAppender(DataViewSchema input, string fittedBy, int outputs, Func<Action<float[], float[]>> newScorer)
    {
        CheckInput(input, fittedBy);
        string name = FeatureColumn;
        int d = FeatureCount;
        return new ColumnAppender(OutputColumns(), row =>
        {
            var get = row.GetGetter<VBuffer<float>>(row.Schema[name]);
            var x = new float[d];
            var output = new float[outputs];
            var scorer = newScorer();
            VBuffer<float> buffer = default;
            long scored = -1;
            void Score()
            {
                if (scored == row.Position) return;
                get(ref buffer);
                buffer.CopyTo(x);
                scorer(x, output);
                scored = row.Position;
            }
            return ScoredColumns.Getters(Task, Score, output);
        }, dependencies: [name]);
    }

    /// <summary>The task's scored columns (<see cref="ScoredColumns"/>).</summary>
    public List<AppendedColumn> OutputColumns() => Task switch
    {
        MLTask.BinaryClassification => ScoredColumns.Binary(),
        MLTask.MulticlassClassification => ScoredColumns.Multiclass(ClassCount, ClassNames),
        _ => [new AppendedColumn("Score", NumberDataViewType.Single)],
    };
}
