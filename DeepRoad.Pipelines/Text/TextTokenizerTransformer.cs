using System.Text;
using System.Text.Json;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace DeepRoad.Pipelines.Text;

/// <summary>
/// Maps a text column to token ids with a fixed <see cref="Vocabulary"/>. Saves as one stream (options + vocabulary)
/// with <see cref="Save(Stream)"/>; <c>mlContext.Model.Save</c> is not supported.
/// </summary>
public sealed class TextTokenizerTransformer : ITransformer
{
    private const string Magic = "DeepRoad.TextTokenizer/1";
    private readonly MLContext _context;

    internal TextTokenizerTransformer(MLContext context, TextTokenizerOptions options, Vocabulary vocabulary)
    {
        _context = context;
        Options = options;
        Vocabulary = vocabulary;
    }

    /// <summary>The options.</summary>
    public TextTokenizerOptions Options { get; }

    /// <summary>The vocabulary built on the training text.</summary>
    public Vocabulary Vocabulary { get; }

    /// <inheritdoc />
    public bool IsRowToRowMapper => false;

    /// <inheritdoc />
    public DataViewSchema GetOutputSchema(DataViewSchema inputSchema)
    {
        CheckInput(inputSchema, Options);
        var b = new DataViewSchema.Builder();
        b.AddColumns(inputSchema);
        b.AddColumn(Options.OutputColumn, new VectorDataViewType(NumberDataViewType.Int32, Options.MaxLength));
        return b.ToSchema();
    }

    /// <inheritdoc />
    public IDataView Transform(IDataView input)
    {
        ArgumentNullException.ThrowIfNull(input);
        CheckInput(input.Schema, Options);
        var options = Options;
        var vocabulary = Vocabulary;
        var mapping = _context.Transforms.CustomMapping<TextRow, TokenRow>(
            (i, o) => o.Tokens = TextTokenizer.Encode(i.Text, vocabulary, options), contractName: null,
            InputDefinition(options), OutputDefinition(options));
        return mapping.Fit(input).Transform(input);
    }

    /// <inheritdoc />
    public IRowToRowMapper GetRowToRowMapper(DataViewSchema inputSchema) =>
        throw new NotSupportedException("Use Transform.");

    void ICanSaveModel.Save(ModelSaveContext ctx) =>
        throw new NotSupportedException("Save the tokenizer with TextTokenizerTransformer.Save(Stream).");

    /// <summary>Writes options and vocabulary.</summary>
    public void Save(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using (var w = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true))
        {
            w.Write(Magic);
            w.Write(JsonSerializer.Serialize(Options));
        }
        Vocabulary.Save(stream);
    }

    /// <summary>Reads a tokenizer written by <see cref="Save(Stream)"/>.</summary>
    public static TextTokenizerTransformer Load(MLContext context, Stream stream)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(stream);
        TextTokenizerOptions options;
        using (var r = new BinaryReader(stream, Encoding.UTF8, leaveOpen: true))
        {
            if (r.ReadString() != Magic) throw new InvalidDataException("Not a DeepRoad text tokenizer.");
            options = JsonSerializer.Deserialize<TextTokenizerOptions>(r.ReadString()) ?? throw new InvalidDataException("Corrupt tokenizer options.");
        }
        return new TextTokenizerTransformer(context, options, Vocabulary.Load(stream));
    }

    internal static DataViewSchema.Column CheckInput(DataViewSchema schema, TextTokenizerOptions options)
    {
        var col = schema.GetColumnOrNull(options.InputColumn)
            ?? throw new ArgumentException($"Text column '{options.InputColumn}' not found. Available: {string.Join(", ", schema.Select(c => c.Name))}.");
        if (col.Type is not TextDataViewType)
            throw new ArgumentException($"Column '{options.InputColumn}' has type {col.Type}; the tokenizer needs a text column.");
        return col;
    }

    internal static SchemaDefinition InputDefinition(TextTokenizerOptions o)
    {
        var def = SchemaDefinition.Create(typeof(TextRow));
        def[0].ColumnName = o.InputColumn;
        return def;
    }

    internal static SchemaDefinition OutputDefinition(TextTokenizerOptions o)
    {
        var def = SchemaDefinition.Create(typeof(TokenRow));
        def[0].ColumnName = o.OutputColumn;
        def[0].ColumnType = new VectorDataViewType(NumberDataViewType.Int32, o.MaxLength);
        return def;
    }

    /// <summary>Input row of the mapping (public for ML.NET's reflection).</summary>
    public sealed class TextRow
    {
        /// <summary>The text.</summary>
        public string Text { get; set; } = "";
    }

    /// <summary>Output row of the mapping (public for ML.NET's reflection).</summary>
    public sealed class TokenRow
    {
        /// <summary>Token ids.</summary>
        public int[] Tokens { get; set; } = [];
    }
}
