using System.Net;
using MarketMicro.TestSupport;

namespace MarketMicro.WebApi.Tests.Hardening;

/// <summary>
/// The shop on real Kestrel listeners on loopback instead of the in-process test server, for what only a real server
/// has: connection ports, Kestrel's limits, raw sockets. With <c>withOperationsListener</c>, a second listener is the
/// operator listener (<c>Operations:Url</c>).
/// </summary>
/// <remarks>
/// The factory binds both listeners itself: the test host replaces the URLs the application composes, and listeners
/// bound in code are what Kestrel then serves.
/// </remarks>
public class KestrelShopFactory : ShopApiFactory
{
    private readonly (string Key, string Value)[] settings;

    public KestrelShopFactory(bool withOperationsListener = false, params (string Key, string Value)[] settings)
    {
        var customerPort = FreePort.Next();
        CustomerUrl = new Uri($"http://127.0.0.1:{customerPort}");
        var operationsPort = withOperationsListener ? FreePort.Next() : (int?)null;
        OperationsUrl = operationsPort is { } port ? new Uri($"http://127.0.0.1:{port}") : null;
        this.settings = OperationsUrl is { } operations ? [.. settings, ("Operations:Url", operations.ToString())] : settings;
        UseKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, customerPort);
            if (operationsPort is { } listener)
            {
                kestrel.Listen(IPAddress.Loopback, listener);
            }
        });
    }

    public Uri CustomerUrl { get; }

    public Uri? OperationsUrl { get; }

    protected override IEnumerable<(string Key, string Value)> Settings() => settings;

    /// <summary>A client of the customer listener (the server starts on first use).</summary>
    public HttpClient Customer()
    {
        StartServer();
        return new HttpClient { BaseAddress = CustomerUrl };
    }

    /// <summary>A client of the operator listener.</summary>
    public HttpClient Operator()
    {
        StartServer();
        return new HttpClient { BaseAddress = OperationsUrl ?? throw new InvalidOperationException("This factory has no operator listener.") };
    }
}

/// <summary>One default <see cref="KestrelShopFactory"/> shared by a test class (<c>IClassFixture</c>), disposed after it.</summary>
public sealed class KestrelShop : IAsyncLifetime
{
    public KestrelShopFactory Factory { get; } = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => Factory.DisposeAsync().AsTask();
}
