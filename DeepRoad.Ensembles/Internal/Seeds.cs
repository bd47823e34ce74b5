namespace DeepRoad.Ensembles.Internal;

/// <summary>Child seeds drawn in a fixed order from one master seed, so results do not depend on parallelism.</summary>
internal static class Seeds
{
    public static int[] Derive(int master, int count)
    {
        var rng = new Random(master);
        var s = new int[count];
        for (int i = 0; i < count; i++) s[i] = rng.Next();
        return s;
    }
}
