namespace MarketMicro.ShopDriver;

/// <summary>The command line: <c>--name value</c> pairs, every one optional.</summary>
internal sealed class DriverOptions(string[] args)
{
    /// <summary>The shop through NGINX: every measured request goes here.</summary>
    public string Url => Text("--url", "http://127.0.0.1:8090");

    /// <summary>The WebApi itself: registration and sign-in only, which NGINX rate-limits per client address.</summary>
    public string DirectUrl => Text("--direct-url", Url);

    public BenchState State => new(Text("--state", Path.Combine(Path.GetTempPath(), "marketmicro-shopdriver")));

    /// <summary>Tab-separated result rows are appended here for bench/run.sh's table (nothing when absent).</summary>
    public string? RowsFile => Value("--rows");

    public string AdminEmail => Text("--admin-email", "admin@example.com");

    public string AdminPassword => Text("--admin-password", "change-me-now-please");

    public int Users => Number("--users", 1000);

    public int Rounds => Number("--rounds", 5);

    /// <summary>Untimed checkout rounds before the timed ones (plentiful products only).</summary>
    public int WarmupRounds => Number("--warmup-rounds", 1);

    public int Concurrency => Number("--concurrency", 64);

    public int FlashBuyers => Number("--flash-buyers", 1000);

    /// <summary>
    /// How many flash sales (one product each) prepare creates and checkout runs one after the other. A sale lasts about a
    /// quarter of a second, so one collection pause in it moves its rate by a fifth: the row reports the median sale.
    /// </summary>
    public int FlashSales => Number("--flash-sales", 3);

    public int CatalogIds => Number("--catalog-ids", 10_000);

    public double Seconds => double.TryParse(Value("--seconds"), out var seconds) ? seconds : 5;

    /// <summary>Synced commits per second of the disk (the <c>disk</c> command's answer), for the checkout's share of it.</summary>
    public double DiskCommitsPerSecond => double.TryParse(Value("--disk-commits"), out var commits) ? commits : 0;

    public string Folder => Text("--path", Path.GetTempPath());

    private string? Value(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();

    private string Text(string name, string fallback) => Value(name) ?? fallback;

    private int Number(string name, int fallback) => int.TryParse(Value(name), out var n) ? n : fallback;
}
