namespace DeepRoad.Ensembles.Persistence;

/// <summary>The JSON manifest stored as <c>manifest.json</c> in an ensemble zip.</summary>
internal sealed class EnsembleManifest
{
    public int FormatVersion { get; set; }
    public string Library { get; set; } = "DeepRoad.Ensembles";
    public string Kind { get; set; } = "";
    public string Task { get; set; } = "";
    public string LabelColumn { get; set; } = "";
    public int Classes { get; set; }
    public List<string> ClassNames { get; set; } = [];
    public List<string> InputColumns { get; set; } = [];
    public string? MetaLearner { get; set; }
    public int Layers { get; set; } = 1;
    public double? OutOfBagScore { get; set; }
    public string? OutOfBagMetric { get; set; }
    public string? StopReason { get; set; }
    public int Root { get; set; }
    public List<NodeEntry> Nodes { get; set; } = [];
    public List<MemberEntryDto> Members { get; set; } = [];

    internal sealed class NodeEntry
    {
        public int Id { get; set; }
        public string Type { get; set; } = "";
        public string? Name { get; set; }
        public string? Entry { get; set; }
        public string? Mode { get; set; }
        public FeatureEntry? Features { get; set; }
        public string? Combine { get; set; }
        public List<int>? Children { get; set; }
        public List<double>? Weights { get; set; }
    }

    internal sealed class FeatureEntry
    {
        public string Column { get; set; } = "Features";
        public List<int> Stacked { get; set; } = [];
        public bool BinaryDropFirst { get; set; }
        public int[] OriginalSlots { get; set; } = [];
    }

    internal sealed class MemberEntryDto
    {
        public string Name { get; set; } = "";
        public int Layer { get; set; }
        public double Weight { get; set; }
        public int Node { get; set; }
    }
}
