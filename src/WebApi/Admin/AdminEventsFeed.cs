using System.Threading.Channels;
using MarketMicro.Events;

namespace MarketMicro.WebApi.Admin;

/// <summary>
/// This frontend's one subscription to the admin events hub, shared by every open <c>/api/v1/admin/events</c> stream.
/// It is renewed while at least one stream is open and left to lapse when the last one closes, so a frontend nobody
/// watches costs the hub nothing after <see cref="AdminEventsHub.ExpiresAfter"/>. Renewing also re-creates the hub
/// after the silo holding it went away.
/// </summary>
public sealed partial class AdminEventsFeed(IGrainFactory grains, ILogger<AdminEventsFeed> logger) : IAdminEventsObserver, IDisposable
{
    /// <summary>Events a slow stream may lag behind before the oldest are dropped (the console refetches on reconnect).</summary>
    private const int BacklogPerStream = 1024;

    private readonly Lock gate = new();
    private readonly HashSet<Channel<ShopEvent>> streams = [];
    private IAdminEventsObserver? reference;
    private CancellationTokenSource? renewing;

    private IAdminEventsHubGrain Hub => grains.Reference<IAdminEventsHubGrain>(AdminEventsHub.Key);

    /// <summary>Opens a stream of events; the subscription is in place when this returns.</summary>
    public async Task<AdminEventsStream> OpenAsync()
    {
        var channel = Channel.CreateBounded<ShopEvent>(new BoundedChannelOptions(BacklogPerStream)
        {
            FullMode = BoundedChannelFullMode.DropOldest,
            SingleReader = true,
        });
        IAdminEventsObserver self;
        lock (gate)
        {
            self = reference ??= grains.CreateObjectReference<IAdminEventsObserver>(this);
            streams.Add(channel);
            if (renewing is null)
            {
                renewing = new CancellationTokenSource();
                _ = RenewAsync(self, renewing.Token);
            }
        }

        var stream = new AdminEventsStream(channel.Reader, () => Close(channel));
        try
        {
            await Hub.Subscribe(self);
        }
        catch
        {
            stream.Dispose();
            throw;
        }

        return stream;
    }

    public Task OnEvent(ShopEvent shopEvent)
    {
        lock (gate)
        {
            foreach (var stream in streams)
            {
                stream.Writer.TryWrite(shopEvent);
            }
        }

        return Task.CompletedTask;
    }

    public void Dispose()
    {
        lock (gate)
        {
            renewing?.Cancel();
            renewing?.Dispose();
            renewing = null;
            if (reference is not null)
            {
                grains.DeleteObjectReference<IAdminEventsObserver>(reference);
                reference = null;
            }
        }
    }

    private void Close(Channel<ShopEvent> channel)
    {
        lock (gate)
        {
            streams.Remove(channel);
            if (streams.Count == 0 && renewing is not null)
            {
                renewing.Cancel();
                renewing.Dispose();
                renewing = null;
            }
        }
    }

    private async Task RenewAsync(IAdminEventsObserver self, CancellationToken stop)
    {
        while (true)
        {
            await Task.Delay(AdminEventsHub.RenewEvery, stop).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            if (stop.IsCancellationRequested)
            {
                return;
            }

            try
            {
                await Hub.Subscribe(self);
            }
            catch (Exception ex)
            {
                LogRenewFailed(ex);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not renew the admin events subscription; retrying at the next renewal")]
    private partial void LogRenewFailed(Exception exception);
}

/// <summary>One open stream of admin events; disposing it closes the stream.</summary>
public sealed class AdminEventsStream(ChannelReader<ShopEvent> events, Action close) : IDisposable
{
    private int closed;

    public ChannelReader<ShopEvent> Events => events;

    public void Dispose()
    {
        if (Interlocked.Exchange(ref closed, 1) == 0)
        {
            close();
        }
    }
}
