using System.Text;

namespace DeepRoad.Pipelines.Text;

/// <summary>
/// Token to id mapping built on training text. Id 0 is padding, id 1 is out-of-vocabulary, known tokens start at 2
/// in order of decreasing training frequency (ties by ordinal order), so the vocabulary is deterministic.
/// </summary>
public sealed class Vocabulary
{
    /// <summary>The padding id.</summary>
    public const int PaddingId = 0;

    /// <summary>The out-of-vocabulary id.</summary>
    public const int UnknownId = 1;

    private const string FileHeader = "#DeepRoad.Vocabulary/1";
    private readonly Dictionary<string, int> _ids;

    /// <summary>Creates a vocabulary from tokens in id order (ids 2, 3, ...).</summary>
    public Vocabulary(IReadOnlyList<string> tokens)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        Tokens = tokens;
        _ids = new Dictionary<string, int>(tokens.Count, StringComparer.Ordinal);
        for (int i = 0; i < tokens.Count; i++)
            if (!_ids.TryAdd(tokens[i], i + 2)) throw new ArgumentException($"Duplicate token '{tokens[i]}' in vocabulary.", nameof(tokens));
    }

    /// <summary>Known tokens in id order (the first has id 2).</summary>
    public IReadOnlyList<string> Tokens { get; }

    /// <summary>Number of ids including padding and OOV (the embedding size a model needs).</summary>
    public int Size => Tokens.Count + 2;

    /// <summary>The id of <paramref name="token"/>, or <see cref="UnknownId"/>.</summary>
    public int IdOf(string token) => _ids.TryGetValue(token, out int id) ? id : UnknownId;

    /// <summary>Counts tokens and keeps those with at least <paramref name="minFrequency"/> occurrences, the <paramref name="maxSize"/> most frequent.</summary>
    public static Vocabulary Build(IEnumerable<IEnumerable<string>> documents, int minFrequency, int maxSize)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var doc in documents)
            foreach (var t in doc)
                counts[t] = counts.TryGetValue(t, out int c) ? c + 1 : 1;
        var kept = counts.Where(kv => kv.Value >= minFrequency)
            .OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key, StringComparer.Ordinal)
            .Take(maxSize).Select(kv => kv.Key).ToArray();
        return new Vocabulary(kept);
    }

    /// <summary>Writes one token per line (UTF-8) after a header line.</summary>
    public void Save(Stream stream)
    {
        using var w = new StreamWriter(stream, new UTF8Encoding(false), leaveOpen: true) { NewLine = "\n" };
        w.WriteLine(FileHeader);
        foreach (var t in Tokens) w.WriteLine(Escape(t));
    }

    /// <summary>Saves to a file.</summary>
    public void Save(string path) => AtomicFile.Write(path, Save);

    /// <summary>Reads a vocabulary written by <see cref="Save(Stream)"/>.</summary>
    public static Vocabulary Load(Stream stream, string? sourceName = null)
    {
        using var r = new StreamReader(stream, Encoding.UTF8, leaveOpen: true);
        if (r.ReadLine() != FileHeader)
            throw new DeepRoadDataException($"{sourceName ?? "stream"}: not a DeepRoad vocabulary (missing '{FileHeader}' header).") { File = sourceName, Line = 1 };
        var tokens = new List<string>();
        while (r.ReadLine() is { } line) tokens.Add(Unescape(line));
        return new Vocabulary(tokens);
    }

    /// <summary>Loads from a file.</summary>
    public static Vocabulary Load(string path)
    {
        using var fs = File.OpenRead(path);
        return Load(fs, path);
    }

    private static string Escape(string t) => t.Replace("\\", "\\\\").Replace("\n", "\\n").Replace("\r", "\\r");

    private static string Unescape(string t)
    {
        var sb = new StringBuilder(t.Length);
        for (int i = 0; i < t.Length; i++)
        {
            if (t[i] == '\\' && i + 1 < t.Length)
            {
                char n = t[++i];
                sb.Append(n switch { 'n' => '\n', 'r' => '\r', _ => n });
            }
            else sb.Append(t[i]);
        }
        return sb.ToString();
    }
}
