using System.Diagnostics;

namespace MarketMicro.TestSupport;

/// <summary>The one way tests wait for something asynchronous (a projection, an index, a membership view).</summary>
public static class Eventually
{
    /// <summary>Polls until <paramref name="condition"/> holds; fails the test with <paramref name="what"/> after <paramref name="limit"/>.</summary>
    public static async Task HoldsAsync(Func<Task<bool>> condition, TimeSpan limit, string what) =>
        await ReturnsAsync(condition, holds => holds, limit, what);

    /// <summary>Reads until the value satisfies <paramref name="until"/> and returns it; fails the test after <paramref name="limit"/>.</summary>
    public static async Task<T> ReturnsAsync<T>(Func<Task<T>> read, Func<T, bool> until, TimeSpan limit, string what)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var value = await read();
            if (until(value))
            {
                return value;
            }

            if (clock.Elapsed >= limit)
            {
                throw new TimeoutException($"{what} did not happen within {limit.TotalSeconds:0.#} s");
            }

            await Task.Delay(50);
        }
    }
}
