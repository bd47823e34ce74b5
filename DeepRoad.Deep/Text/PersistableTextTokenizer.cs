using DeepRoad.Ensembles.Persistence;
using DeepRoad.Pipelines.Text;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace DeepRoad.Deep.Text;

/// <summary>
/// A fitted <see cref="TextTokenizerTransformer"/> (DeepRoad.Pipelines' text to token ids, which ML.NET's
/// <c>Model.Save</c> cannot write) as an <see cref="IPersistableTransformer"/>, so a text pipeline
/// (tokenizer + LSTM/GRU) saves to one file with <see cref="TransformerArchive"/>. It delegates every call to
/// <see cref="Tokenizer"/>; outputs are identical.
/// </summary>
public sealed class PersistableTextTokenizer : IPersistableTransformer<PersistableTextTokenizer>
{
    /// <summary>Wraps a fitted tokenizer.</summary>
    public PersistableTextTokenizer(TextTokenizerTransformer tokenizer)
    {
        ArgumentNullException.ThrowIfNull(tokenizer);
        Tokenizer = tokenizer;
    }

    /// <summary>The wrapped tokenizer.</summary>
    public TextTokenizerTransformer Tokenizer { get; }

    /// <inheritdoc />
    public bool IsRowToRowMapper => Tokenizer.IsRowToRowMapper;

    /// <inheritdoc />
    public DataViewSchema GetOutputSchema(DataViewSchema inputSchema) => Tokenizer.GetOutputSchema(inputSchema);

    /// <inheritdoc />
    public IRowToRowMapper GetRowToRowMapper(DataViewSchema inputSchema) => Tokenizer.GetRowToRowMapper(inputSchema);

    /// <inheritdoc />
    public IDataView Transform(IDataView input) => Tokenizer.Transform(input);

    /// <inheritdoc />
    public void Save(Stream stream) => Tokenizer.Save(stream);

    /// <inheritdoc />
    public static PersistableTextTokenizer Load(MLContext context, Stream stream) => new(TextTokenizerTransformer.Load(context, stream));

    void ICanSaveModel.Save(ModelSaveContext ctx) =>
        throw new NotSupportedException("Save a pipeline holding the tokenizer with DeepRoad.Ensembles.Persistence.TransformerArchive.");
}
