namespace MarketMicro.TestSupport;

/// <summary>
/// Where the real test servers are. <c>scripts/test.sh</c> starts them on loopback and exports these variables;
/// the defaults match it. A test that needs a server fails (never skips) when the server is absent.
/// </summary>
public static class TestServers
{
    public static string MySql =>
        Environment.GetEnvironmentVariable("MARKETMICRO_TEST_MYSQL")
        ?? "Server=127.0.0.1;Port=3306;User ID=marketmicro;Password=marketmicro;Database=marketmicro";

    public static string Redis => Environment.GetEnvironmentVariable("MARKETMICRO_TEST_REDIS") ?? "127.0.0.1:6379";

    public static string RabbitMq => Environment.GetEnvironmentVariable("MARKETMICRO_TEST_RABBITMQ") ?? "amqp://guest:guest@127.0.0.1:5672/";
}
