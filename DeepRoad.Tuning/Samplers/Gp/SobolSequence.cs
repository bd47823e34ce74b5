namespace DeepRoad.Tuning.Samplers.Gp;

/// <summary>
/// Sobol low-discrepancy points in [0,1)^d (Joe and Kuo direction numbers, up to 21 dimensions) with a seeded random
/// digital shift; dimensions past 21 fall back to seeded uniform draws.
/// </summary>
public sealed class SobolSequence
{
    // Joe & Kuo (2008) new-joe-kuo-6.21201, dimensions 2..21: (s, a, m_1..m_s).
    private static readonly (int S, int A, int[] M)[] Table =
    [
        (1, 0, [1]), (2, 1, [1, 3]), (3, 1, [1, 3, 1]), (3, 2, [1, 1, 1]), (4, 1, [1, 1, 3, 3]), (4, 4, [1, 3, 5, 13]),
        (5, 2, [1, 1, 5, 5, 17]), (5, 4, [1, 1, 5, 5, 5]), (5, 7, [1, 1, 7, 11, 19]), (5, 11, [1, 1, 5, 1, 1]),
        (5, 13, [1, 1, 1, 3, 11]), (5, 14, [1, 3, 5, 5, 31]), (6, 1, [1, 3, 3, 9, 7, 49]), (6, 13, [1, 1, 1, 15, 21, 21]),
        (6, 16, [1, 3, 1, 13, 27, 49]), (6, 19, [1, 1, 1, 15, 7, 5]), (6, 22, [1, 3, 1, 15, 13, 25]), (6, 25, [1, 1, 5, 5, 19, 61]),
        (7, 1, [1, 3, 7, 11, 23, 15, 103]), (7, 4, [1, 3, 7, 13, 13, 15, 69]),
    ];

    private const int Bits = 32;

    /// <summary>Largest dimension with true Sobol coordinates.</summary>
    public const int MaxSobolDimensions = 21;

    private readonly uint[][] _v;
    private readonly uint[] _shift;
    private readonly int _dims;
    private readonly int _seed;

    /// <summary>Creates the sequence for <paramref name="dimensions"/> coordinates.</summary>
    public SobolSequence(int dimensions, int seed)
    {
        if (dimensions < 0) throw new ArgumentOutOfRangeException(nameof(dimensions));
        _dims = dimensions;
        _seed = seed;
        var sobolDims = Math.Min(dimensions, MaxSobolDimensions);
        _v = new uint[sobolDims][];
        for (var d = 0; d < sobolDims; d++)
        {
            var v = new uint[Bits];
            if (d == 0)
            {
                for (var i = 0; i < Bits; i++) v[i] = 1u << (Bits - 1 - i);
            }
            else
            {
                var (s, a, m) = Table[d - 1];
                for (var i = 0; i < Math.Min(s, Bits); i++) v[i] = (uint)m[i] << (Bits - 1 - i);
                for (var i = s; i < Bits; i++)
                {
                    var x = v[i - s] ^ (v[i - s] >> s);
                    for (var k = 1; k < s; k++)
                        if (((a >> (s - 1 - k)) & 1) != 0) x ^= v[i - k];
                    v[i] = x;
                }
            }
            _v[d] = v;
        }
        var rng = new Random(seed);
        _shift = new uint[sobolDims];
        for (var d = 0; d < sobolDims; d++) _shift[d] = (uint)rng.NextInt64(0, 1L << 32);
    }

    /// <summary>Number of coordinates per point.</summary>
    public int Dimensions => _dims;

    /// <summary>Point number <paramref name="index"/> (0-based).</summary>
    public double[] Point(long index)
    {
        var x = new double[_dims];
        var gray = (ulong)index ^ ((ulong)index >> 1);
        for (var d = 0; d < _v.Length; d++)
        {
            uint acc = 0;
            var g = gray;
            for (var bit = 0; g != 0 && bit < Bits; bit++, g >>= 1)
                if ((g & 1) != 0) acc ^= _v[d][bit];
            x[d] = ((acc ^ _shift[d]) + 0.5) / 4294967296.0;
        }
        if (_dims > _v.Length)
        {
            var rng = new Random(Seeds.Derive(_seed, index));
            for (var d = _v.Length; d < _dims; d++) x[d] = rng.NextDouble();
        }
        return x;
    }

    /// <summary>Points <paramref name="start"/> .. start + count - 1.</summary>
    public IEnumerable<double[]> Points(long start, int count)
    {
        for (var i = 0; i < count; i++) yield return Point(start + i);
    }
}
