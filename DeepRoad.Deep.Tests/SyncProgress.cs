namespace DeepRoad.Deep.Tests;

/// <summary>An <see cref="IProgress{T}"/> that runs the callback synchronously (Progress&lt;T&gt; posts to the thread pool).</summary>
internal sealed class SyncProgress<T>(Action<T> action) : IProgress<T>
{
    public void Report(T value) => action(value);
}
