using MarketMicro.ShopDriver;

// The HTTP driver of bench/run.sh (run it there; it starts the shop and NGINX and renders the table):
//   prepare   --url NGINX --direct-url WEBAPI --state DIR [--users 1000] [--rounds 5] [--flash-buyers 1000] [--flash-sales 3]
//             [--admin-email E --admin-password P]: bench products, buyers (registered + signed in), catalog ids
//   checkout  --url NGINX --state DIR [--rounds 5] [--warmup-rounds 1] [--concurrency 64] [--disk-commits N] [--rows FILE]:
//             untimed warm-up rounds, checkout rounds, the flash sales, stock audit (exit code 1 when not exact)
//   disk      --path DIR [--seconds 5] [--rows FILE]: synced commits per second of that folder's disk
// Result rows (tab-separated) are appended to --rows.
ThreadPool.SetMinThreads(128, 128);
var options = new DriverOptions(args);
return args.FirstOrDefault() switch
{
    "prepare" => await PrepareCommand.RunAsync(options),
    "checkout" => await CheckoutCommand.RunAsync(options),
    "disk" => DiskLimitCommand.Run(options),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: MarketMicro.ShopDriver prepare|checkout|disk [--name value ...] (see Program.cs)");
    return 2;
}
