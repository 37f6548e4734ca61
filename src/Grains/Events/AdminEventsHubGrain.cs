using MarketMicro.Events;
using Microsoft.Extensions.Logging;
using Orleans.Utilities;

namespace MarketMicro.Grains.Events;

/// <summary>Forwards every event it is handed to the frontends whose subscription is current (see <see cref="IAdminEventsHubGrain"/>).</summary>
public sealed class AdminEventsHubGrain(ILogger<AdminEventsHubGrain> logger) : Grain, IAdminEventsHubGrain
{
    private readonly ObserverManager<IAdminEventsObserver> observers = new(AdminEventsHub.ExpiresAfter, logger);

    public Task Publish(ShopEvent shopEvent)
    {
        if (observers.Count > 0)
        {
            observers.Notify(observer => observer.OnEvent(shopEvent));
        }

        return Task.CompletedTask;
    }

    public Task Subscribe(IAdminEventsObserver observer)
    {
        observers.Subscribe(observer, observer);
        return Task.CompletedTask;
    }

    public Task Unsubscribe(IAdminEventsObserver observer)
    {
        observers.Unsubscribe(observer);
        return Task.CompletedTask;
    }
}
