namespace DeepRoad.Ensembles;

/// <summary>An ensemble member failed (to build, validate or fit); <see cref="MemberName"/> names it.</summary>
public sealed class EnsembleMemberException : InvalidOperationException
{
    public EnsembleMemberException(string memberName, string message, Exception? inner = null)
        : base(message, inner) => MemberName = memberName;

    /// <summary>The failing member's name.</summary>
    public string MemberName { get; }
}
