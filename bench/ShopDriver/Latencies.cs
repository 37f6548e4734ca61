using System.Collections.Concurrent;
using System.Diagnostics;

namespace MarketMicro.ShopDriver;

/// <summary>Request latencies in milliseconds, recorded from many workers at once.</summary>
internal sealed class Latencies
{
    private readonly ConcurrentQueue<double> milliseconds = new();

    public void Record(long startedTimestamp) => milliseconds.Enqueue(Stopwatch.GetElapsedTime(startedTimestamp).TotalMilliseconds);

    public int Count => milliseconds.Count;

    /// <summary>The nearest-rank percentile (0.99 = p99) of every latency, or of those after the first <paramref name="skip"/>.</summary>
    public double Percentile(double fraction, int skip = 0)
    {
        var sorted = milliseconds.Skip(skip).Order().ToArray();
        return sorted.Length == 0 ? 0 : sorted[Math.Clamp((int)Math.Ceiling(fraction * sorted.Length) - 1, 0, sorted.Length - 1)];
    }

    public string Format(double fraction) => Percentile(fraction).ToString("F1");
}
