using System.Text;

namespace DeepRoad.Pipelines;

/// <summary>
/// Writes a file so that readers see either the old file or the whole new one, never a part: the content goes to a
/// temporary file beside the target, is flushed to disk, and then replaces the target in one rename. A write that fails
/// or is interrupted (an exception, a second Ctrl+C, a killed process) leaves the old file as it was; at worst a
/// temporary <c>.NAME.*.tmp</c> file stays behind after a kill.
/// </summary>
public static class AtomicFile
{
    /// <summary>Writes <paramref name="path"/> through <paramref name="write"/>, replacing any existing file only once it is complete.</summary>
    public static void Write(string path, Action<Stream> write)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(write);
        string full = Path.GetFullPath(path);
        string dir = Path.GetDirectoryName(full) ?? ".";
        Directory.CreateDirectory(dir);
        string tmp = Path.Combine(dir, $".{Path.GetFileName(full)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var fs = new FileStream(tmp, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 16))
            {
                write(fs);
                fs.Flush(flushToDisk: true);
            }
            File.Move(tmp, full, overwrite: true);
        }
        catch
        {
            try { File.Delete(tmp); } catch (IOException) { } catch (UnauthorizedAccessException) { }
            throw;
        }
    }

    /// <summary>Writes <paramref name="text"/> as UTF-8 without a byte-order mark, replacing any existing file only once it is complete.</summary>
    public static void WriteAllText(string path, string text) => WriteAllText(path, text, new UTF8Encoding(false));

    /// <summary>Writes <paramref name="text"/> in <paramref name="encoding"/>, replacing any existing file only once it is complete.</summary>
    public static void WriteAllText(string path, string text, Encoding encoding)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(encoding);
        Write(path, s =>
        {
            using var w = new StreamWriter(s, encoding, 1 << 16, leaveOpen: true);
            w.Write(text);
        });
    }
}
