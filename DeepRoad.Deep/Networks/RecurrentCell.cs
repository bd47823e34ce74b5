namespace DeepRoad.Deep.Networks;

/// <summary>Recurrent cell type.</summary>
public enum RecurrentCell
{
    /// <summary>Long short-term memory.</summary>
    Lstm,

    /// <summary>Gated recurrent unit.</summary>
    Gru,
}
