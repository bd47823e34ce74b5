namespace DeepRoad.Tuning.Samplers;

/// <summary>Derives child seeds from a parent seed and an index (SplitMix64), so trial n's randomness does not depend on call order.</summary>
public static class Seeds
{
    /// <summary>A 32-bit seed derived from <paramref name="seed"/> and <paramref name="index"/>.</summary>
    public static int Derive(int seed, long index)
    {
        var z = unchecked((ulong)seed * 0x9E3779B97F4A7C15UL + (ulong)index + 0x632BE59BD9B4E019UL);
        z = unchecked((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL);
        z = unchecked((z ^ (z >> 27)) * 0x94D049BB133111EBUL);
        z ^= z >> 31;
        return unchecked((int)(z & 0x7FFFFFFF));
    }
}
