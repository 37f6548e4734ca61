namespace MarketMicro.Grains.Users;

/// <summary>
/// Slows down wrong passwords per client address, not per account: after <see cref="UserOptions.MaxFailedSignIns"/>
/// failures in a row from one address, that address waits (doubling per further failure up to
/// <see cref="UserOptions.MaxLockout"/>), while the right password from any other address still signs in. So a third
/// party cannot keep a known account out. The addresses remembered are few (<see cref="UserOptions.ThrottledClients"/>,
/// the oldest forgotten first) and expire <see cref="UserOptions.FailureMemory"/> after their last failure.
/// </summary>
[GenerateSerializer, Alias("MarketMicro.Grains.Users.SignInThrottle")]
public sealed class SignInThrottle
{
    [Id(2)] private Dictionary<string, ClientFailures> clients = [];

    public int RememberedClients => clients.Count;

    public void EnsureOpen(string clientKey, DateTime now)
    {
        if (clients.TryGetValue(clientKey, out var client) && now < client.WaitUntil)
        {
            throw new TooManyRequestsException("Too many failed sign-ins from this address; try again later.", client.WaitUntil - now);
        }
    }

    public void RecordFailure(string clientKey, DateTime now, UserOptions options)
    {
        Forget(now, options);
        if (!clients.TryGetValue(clientKey, out var client))
        {
            if (clients.Count >= options.ThrottledClients)
            {
                clients.Remove(clients.MinBy(entry => entry.Value.LastFailure).Key);
            }

            client = clients[clientKey] = new ClientFailures();
        }

        client.Failures++;
        client.LastFailure = now;
        var over = client.Failures - options.MaxFailedSignIns;
        if (over >= 0)
        {
            var wait = TimeSpan.FromTicks(Math.Min(options.MaxLockout.Ticks, options.FirstLockout.Ticks << Math.Min(over, 20)));
            client.WaitUntil = now + wait;
        }
    }

    /// <summary>Clears this address's failures. Returns whether anything changed.</summary>
    public bool RecordSuccess(string clientKey) => clients.Remove(clientKey);

    private void Forget(DateTime now, UserOptions options)
    {
        foreach (var (key, client) in clients)
        {
            if (now >= client.WaitUntil && now - client.LastFailure >= options.FailureMemory)
            {
                clients.Remove(key);
            }
        }
    }

    [GenerateSerializer, Alias("MarketMicro.Grains.Users.SignInThrottle.ClientFailures")]
    public sealed class ClientFailures
    {
        [Id(0)] public int Failures { get; set; }

        [Id(1)] public DateTime LastFailure { get; set; }

        [Id(2)] public DateTime WaitUntil { get; set; }
    }
}
