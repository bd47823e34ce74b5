using System.Reflection;
using Microsoft.ML;

namespace DeepRoad.AutoML.Search;

/// <summary>
/// Stops ML.NET training in progress. ML.NET 5 implements cancellation (hosts check it between iterations) but
/// keeps <c>ICancelable.CancelExecution</c> internal, so it is reached by reflection; when it cannot be found,
/// the orchestrator still returns at the deadline and abandons the running fit.
/// </summary>
internal static class MLContextCancellation
{
    private const BindingFlags All = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance;

    public static bool Cancel(MLContext ml)
    {
        object?[] targets = [ml, ml.GetType().GetField("_env", All)?.GetValue(ml)];
        foreach (var target in targets)
        {
            if (target is null) continue;
            var m = target.GetType().GetMethods(All).FirstOrDefault(x => x.Name.EndsWith("CancelExecution", StringComparison.Ordinal) && x.GetParameters().Length == 0);
            if (m is null) continue;
            try { m.Invoke(target, null); return true; }
            catch (TargetInvocationException) { return false; }
        }
        return false;
    }
}
