using System.Collections.Concurrent;
using System.Diagnostics;

namespace MarketMicro.ShopDriver;

/// <summary>
/// The answers of one checkout scenario: placed (201, or 200 for a key already used), refused (409), errors, latencies,
/// and the units every placed order took from each product (what the stock audit checks against the shop).
/// </summary>
internal sealed class CheckoutTally(ConcurrentDictionary<Guid, int> unitsSold, Latencies? latencies = null)
{
    private int placed;
    private int refused;
    private int errors;
    private long lastPlacedTimestamp;

    /// <summary>This scenario's latencies, or those of several scenarios reported as one row.</summary>
    public Latencies Latencies { get; } = latencies ?? new();

    public int Placed => placed;

    public int Refused => refused;

    public int Errors => errors;

    /// <summary>Answers still unknown after asking again with the same Idempotency-Key.</summary>
    public int Unresolved { get; set; }

    public long LastPlacedTimestamp => Interlocked.Read(ref lastPlacedTimestamp);

    /// <summary>Counts one answer; false when it says nothing about the order (an error or a lost answer).</summary>
    public bool Record(CheckoutAnswer answer, bool firstAttempt)
    {
        if (answer.Placed)
        {
            foreach (var line in answer.Lines)
            {
                unitsSold.AddOrUpdate(line.ProductId, line.Quantity, (_, units) => units + line.Quantity);
            }

            Interlocked.Increment(ref placed);
            var now = Stopwatch.GetTimestamp();
            long seen;
            while ((seen = Interlocked.Read(ref lastPlacedTimestamp)) < now &&
                Interlocked.CompareExchange(ref lastPlacedTimestamp, now, seen) != seen)
            {
            }

            return true;
        }

        if (answer.Refused)
        {
            Interlocked.Increment(ref refused);
            return true;
        }

        if (firstAttempt)
        {
            Interlocked.Increment(ref errors);
        }

        return false;
    }
}
