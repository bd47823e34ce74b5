using System.Buffers.Binary;
using System.Text;

namespace DeepRoad.Deep.Runtime;

/// <summary>
/// Marks a version requirement (a Vernaux entry of <c>.gnu.version_r</c>) of an ELF64 little-endian shared
/// library as weak (<c>VER_FLG_WEAK</c>), so the dynamic loader accepts a libstdc++ that lacks that version.
/// Pure managed parsing of the section headers; no external tools.
/// </summary>
public static class ElfVersionPatcher
{
    private const uint ShtGnuVerneed = 0x6ffffffe;
    private const ushort VerFlagWeak = 0x2;

    /// <summary>
    /// Sets VER_FLG_WEAK on every Vernaux entry named <paramref name="versionName"/> in <paramref name="elf"/>
    /// (modified in place). Returns the number of entries changed (0 when the library does not need that version).
    /// </summary>
    public static int MarkVersionWeak(byte[] elf, string versionName)
    {
        ArgumentNullException.ThrowIfNull(elf);
        ArgumentException.ThrowIfNullOrEmpty(versionName);
        if (elf.Length < 64 || elf[0] != 0x7f || elf[1] != (byte)'E' || elf[2] != (byte)'L' || elf[3] != (byte)'F')
            throw new InvalidDataException("Not an ELF file.");
        if (elf[4] != 2 || elf[5] != 1)
            throw new InvalidDataException("Only ELF64 little-endian libraries are supported.");

        var span = elf.AsSpan();
        long shoff = checked((long)BinaryPrimitives.ReadUInt64LittleEndian(span[0x28..]));
        int shentsize = BinaryPrimitives.ReadUInt16LittleEndian(span[0x3A..]);
        int shnum = BinaryPrimitives.ReadUInt16LittleEndian(span[0x3C..]);
        if (shentsize < 64 || shoff <= 0 || shoff + (long)shnum * shentsize > elf.Length)
            throw new InvalidDataException("Corrupt ELF section header table.");

        int changed = 0;
        for (int i = 0; i < shnum; i++)
        {
            var sh = span.Slice((int)(shoff + (long)i * shentsize), shentsize);
            uint type = BinaryPrimitives.ReadUInt32LittleEndian(sh[4..]);
            if (type != ShtGnuVerneed) continue;
            long offset = (long)BinaryPrimitives.ReadUInt64LittleEndian(sh[0x18..]);
            long size = (long)BinaryPrimitives.ReadUInt64LittleEndian(sh[0x20..]);
            int link = (int)BinaryPrimitives.ReadUInt32LittleEndian(sh[0x28..]);
            int count = (int)BinaryPrimitives.ReadUInt32LittleEndian(sh[0x2C..]);
            if (link >= shnum || offset + size > elf.Length)
                throw new InvalidDataException("Corrupt .gnu.version_r section.");
            var strSh = span.Slice((int)(shoff + (long)link * shentsize), shentsize);
            long strOffset = (long)BinaryPrimitives.ReadUInt64LittleEndian(strSh[0x18..]);
            long strSize = (long)BinaryPrimitives.ReadUInt64LittleEndian(strSh[0x20..]);

            long vn = offset;
            for (int n = 0; n < count; n++)
            {
                int vnCnt = BinaryPrimitives.ReadUInt16LittleEndian(span[(int)(vn + 2)..]);
                uint vnAux = BinaryPrimitives.ReadUInt32LittleEndian(span[(int)(vn + 8)..]);
                uint vnNext = BinaryPrimitives.ReadUInt32LittleEndian(span[(int)(vn + 12)..]);
                long aux = vn + vnAux;
                for (int a = 0; a < vnCnt; a++)
                {
                    uint nameOff = BinaryPrimitives.ReadUInt32LittleEndian(span[(int)(aux + 8)..]);
                    if (ReadString(span, strOffset, strSize, nameOff) == versionName)
                    {
                        var flags = span[(int)(aux + 4)..];
                        ushort old = BinaryPrimitives.ReadUInt16LittleEndian(flags);
                        BinaryPrimitives.WriteUInt16LittleEndian(flags, (ushort)(old | VerFlagWeak));
                        changed++;
                    }
                    uint auxNext = BinaryPrimitives.ReadUInt32LittleEndian(span[(int)(aux + 12)..]);
                    if (auxNext == 0) break;
                    aux += auxNext;
                }
                if (vnNext == 0) break;
                vn += vnNext;
            }
        }
        return changed;
    }

    /// <summary>Lists the (file, version, flags) triples of the version requirements, for diagnostics and tests.</summary>
    public static IReadOnlyList<(string File, string Version, ushort Flags)> ReadVersionNeeds(byte[] elf)
    {
        ArgumentNullException.ThrowIfNull(elf);
        var result = new List<(string, string, ushort)>();
        var span = elf.AsSpan();
        long shoff = (long)BinaryPrimitives.ReadUInt64LittleEndian(span[0x28..]);
        int shentsize = BinaryPrimitives.ReadUInt16LittleEndian(span[0x3A..]);
        int shnum = BinaryPrimitives.ReadUInt16LittleEndian(span[0x3C..]);
        for (int i = 0; i < shnum; i++)
        {
            var sh = span.Slice((int)(shoff + (long)i * shentsize), shentsize);
            if (BinaryPrimitives.ReadUInt32LittleEndian(sh[4..]) != ShtGnuVerneed) continue;
            long offset = (long)BinaryPrimitives.ReadUInt64LittleEndian(sh[0x18..]);
            int link = (int)BinaryPrimitives.ReadUInt32LittleEndian(sh[0x28..]);
            int count = (int)BinaryPrimitives.ReadUInt32LittleEndian(sh[0x2C..]);
            var strSh = span.Slice((int)(shoff + (long)link * shentsize), shentsize);
            long strOffset = (long)BinaryPrimitives.ReadUInt64LittleEndian(strSh[0x18..]);
            long strSize = (long)BinaryPrimitives.ReadUInt64LittleEndian(strSh[0x20..]);
            long vn = offset;
            for (int n = 0; n < count; n++)
            {
                int vnCnt = BinaryPrimitives.ReadUInt16LittleEndian(span[(int)(vn + 2)..]);
                string file = ReadString(span, strOffset, strSize, BinaryPrimitives.ReadUInt32LittleEndian(span[(int)(vn + 4)..]));
                long aux = vn + BinaryPrimitives.ReadUInt32LittleEndian(span[(int)(vn + 8)..]);
                for (int a = 0; a < vnCnt; a++)
                {
                    ushort flags = BinaryPrimitives.ReadUInt16LittleEndian(span[(int)(aux + 4)..]);
                    string name = ReadString(span, strOffset, strSize, BinaryPrimitives.ReadUInt32LittleEndian(span[(int)(aux + 8)..]));
                    result.Add((file, name, flags));
                    uint auxNext = BinaryPrimitives.ReadUInt32LittleEndian(span[(int)(aux + 12)..]);
                    if (auxNext == 0) break;
                    aux += auxNext;
                }
                uint vnNext = BinaryPrimitives.ReadUInt32LittleEndian(span[(int)(vn + 12)..]);
                if (vnNext == 0) break;
                vn += vnNext;
            }
        }
        return result;
    }

    private static string ReadString(ReadOnlySpan<byte> span, long tableOffset, long tableSize, uint offset)
    {
        if (offset >= tableSize) throw new InvalidDataException("ELF string offset out of range.");
        var s = span.Slice((int)(tableOffset + offset), (int)(tableSize - offset));
        int end = s.IndexOf((byte)0);
        return Encoding.ASCII.GetString(end < 0 ? s : s[..end]);
    }
}
