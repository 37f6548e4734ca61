namespace MarketMicro;

/// <summary>Names shared by silos and clients for the Orleans providers the shop registers.</summary>
public static class ProviderNames
{
    /// <summary>The stream provider every shop event travels through.</summary>
    public const string Streams = "shop-events";

    /// <summary>The grain storage that holds stream subscriptions (Orleans' conventional name).</summary>
    public const string PubSubStore = "PubSubStore";
}
