using Orleans.Concurrency;

namespace MarketMicro.Events;

/// <summary>A frontend listening to the shop's events for the admin console (<c>GET /api/v1/admin/events</c>).</summary>
public interface IAdminEventsObserver : IGrainObserver
{
    [OneWay]
    Task OnEvent(ShopEvent shopEvent);
}

/// <summary>
/// The one place the admin console's live events pass through (key 0): the event projections hand it every order
/// and catalog event once they applied it, and it forwards each to the frontends subscribed at that moment.
/// Nothing is stored: a frontend renews its subscription every <see cref="AdminEventsHub.RenewEvery"/>, and a
/// subscription not renewed within <see cref="AdminEventsHub.ExpiresAfter"/> (a frontend that went away) lapses.
/// </summary>
public interface IAdminEventsHubGrain : IGrainWithIntegerKey
{
    [OneWay]
    Task Publish(ShopEvent shopEvent);

    Task Subscribe(IAdminEventsObserver observer);

    Task Unsubscribe(IAdminEventsObserver observer);
}

public static class AdminEventsHub
{
    public const long Key = 0;
    public static readonly TimeSpan RenewEvery = TimeSpan.FromSeconds(20);
    public static readonly TimeSpan ExpiresAfter = TimeSpan.FromSeconds(65);
}
