using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;

namespace MarketMicro.ShopDriver;

/// <summary>The two halves of every checkout round: filling carts (untimed), then checking them all out (timed).</summary>
internal static class CheckoutPhases
{
    private const int ResolveAttempts = 5;

    public static async Task FillCartsAsync(ShopApi shop, IReadOnlyList<(string Token, OrderLine[] Lines)> carts, int concurrency) =>
        await Parallel.ForEachAsync(carts, new ParallelOptions { MaxDegreeOfParallelism = concurrency }, async (cart, _) =>
        {
            await shop.ClearCartAsync(cart.Token);
            foreach (var line in cart.Lines)
            {
                await shop.AddToCartAsync(cart.Token, line.ProductId, line.Quantity);
            }
        });

    /// <summary>
    /// Places every buyer's cart, <paramref name="concurrency"/> at a time, each with its Idempotency-Key; returns when the
    /// phase started and how long it took. An answer lost to an error is asked for again afterwards with the same key
    /// (the order may exist), outside the timed part.
    /// </summary>
    public static async Task<(long Started, TimeSpan Elapsed)> CheckOutAsync(
        ShopApi shop, IReadOnlyList<string> tokens, string idempotencyKey, int concurrency, CheckoutTally tally)
    {
        var unanswered = new ConcurrentBag<string>();
        var started = Stopwatch.GetTimestamp();
        await Parallel.ForEachAsync(tokens, new ParallelOptions { MaxDegreeOfParallelism = concurrency }, async (token, _) =>
        {
            var requestStarted = Stopwatch.GetTimestamp();
            var answer = await TryPlaceAsync(shop, token, idempotencyKey);
            tally.Latencies.Record(requestStarted);
            if (!tally.Record(answer, firstAttempt: true))
            {
                Console.Error.WriteLine($"checkout answered {(int)answer.Status}: asking again with its Idempotency-Key after the phase");
                unanswered.Add(token);
            }
        });
        var elapsed = Stopwatch.GetElapsedTime(started);

        foreach (var token in unanswered)
        {
            var resolved = false;
            for (var attempt = 0; attempt < ResolveAttempts && !resolved; attempt++)
            {
                await Task.Delay(TimeSpan.FromSeconds(1));
                resolved = tally.Record(await TryPlaceAsync(shop, token, idempotencyKey), firstAttempt: false);
            }

            tally.Unresolved += resolved ? 0 : 1;
        }

        return (started, elapsed);
    }

    private static async Task<CheckoutAnswer> TryPlaceAsync(ShopApi shop, string token, string idempotencyKey)
    {
        try
        {
            return await shop.PlaceOrderAsync(token, idempotencyKey);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            Console.Error.WriteLine($"checkout without an answer: {ex.Message}");
            return new CheckoutAnswer(default(HttpStatusCode), []);
        }
    }
}
