namespace MarketMicro.ShopDriver;

/// <summary>
/// One line per scenario for bench/run.sh's table, tab-separated: scenario, req/s, p50, p95, p99 (ms), oversell, notes.
/// </summary>
internal static class ResultRows
{
    public static void Append(string? file, string scenario, double perSecond, Latencies? latencies, string oversell, string notes)
    {
        var row = string.Join('\t', scenario, perSecond.ToString("F0"),
            latencies?.Format(0.50) ?? "", latencies?.Format(0.95) ?? "", latencies?.Format(0.99) ?? "", oversell, notes);
        Console.WriteLine(row.Replace('\t', '|'));
        if (file is not null)
        {
            File.AppendAllLines(file, [row]);
        }
    }
}
