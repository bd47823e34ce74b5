using Microsoft.ML;
using Microsoft.ML.Data;

namespace DeepRoad.Pipelines.Text;

/// <summary>
/// Builds a <see cref="Vocabulary"/> on the training text and returns a <see cref="TextTokenizerTransformer"/> that
/// maps the text column to a fixed-length Int32 vector of token ids (0 padding, 1 out-of-vocabulary), the input
/// of DeepRoad's LSTM/GRU models.
/// </summary>
public sealed class TextTokenizerEstimator : IEstimator<TextTokenizerTransformer>
{
    private readonly MLContext _context;

    /// <summary>Creates the estimator.</summary>
    public TextTokenizerEstimator(MLContext context, TextTokenizerOptions options)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _context = context;
        Options = options;
    }

    /// <summary>The options.</summary>
    public TextTokenizerOptions Options { get; }

    /// <inheritdoc />
    public TextTokenizerTransformer Fit(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var col = TextTokenizerTransformer.CheckInput(input.Schema, Options);
        var docs = new List<IReadOnlyList<string>>();
        using (var cursor = input.GetRowCursor(new[] { col }))
        {
            var getter = cursor.GetGetter<ReadOnlyMemory<char>>(col);
            ReadOnlyMemory<char> text = default;
            while (cursor.MoveNext())
            {
                getter(ref text);
                docs.Add(TextTokenizer.Split(text.ToString(), Options));
            }
        }
        var vocabulary = Vocabulary.Build(docs, Options.MinFrequency, Options.MaxVocabularySize);
        return new TextTokenizerTransformer(_context, Options, vocabulary);
    }

    /// <inheritdoc />
    public SchemaShape GetOutputSchema(SchemaShape inputSchema)
    {
        ArgumentNullException.ThrowIfNull(inputSchema);
        var col = inputSchema.FirstOrDefault(c => c.Name == Options.InputColumn);
        if (col.Name is null) throw new ArgumentException($"Text column '{Options.InputColumn}' not found.");
        if (col.ItemType is not TextDataViewType || col.Kind != SchemaShape.Column.VectorKind.Scalar)
            throw new ArgumentException($"Column '{Options.InputColumn}' must hold text to be tokenized.");
        // Let ML.NET compute the shape: a no-op custom mapping over a template with the same output.
        var template = _context.Transforms.CustomMapping<TextTokenizerTransformer.TextRow, TextTokenizerTransformer.TokenRow>(
            (_, _) => { }, contractName: null, TextTokenizerTransformer.InputDefinition(Options), TextTokenizerTransformer.OutputDefinition(Options));
        return template.GetOutputSchema(inputSchema);
    }
}
