using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using MarketMicro.TestSupport;

namespace MarketMicro.Cluster.Tests;

/// <summary>
/// The cluster <c>scripts/cluster.sh up</c> started: NGINX on :8080, frontends on :5001 and :5002, silos with their pids in
/// the state folder (<c>MARKETMICRO_CLUSTER_DIR</c>). Tests that stop a process bring it back with <c>cluster.sh up</c>.
/// </summary>
public static class LocalCluster
{
    public const string Gateway = "http://127.0.0.1:8080";
    public static readonly string[] Frontends = ["http://127.0.0.1:5001", "http://127.0.0.1:5002"];
    public const string AdminEmail = "admin@example.com";
    public const string AdminPassword = "change-me-now-please";

    public static string StateDirectory =>
        Environment.GetEnvironmentVariable("MARKETMICRO_CLUSTER_DIR") is { Length: > 0 } configured ? configured : "/tmp/marketmicro-cluster";

    private static string RepositoryRoot
    {
        get
        {
            var directory = new DirectoryInfo(AppContext.BaseDirectory);
            while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "MarketMicro.sln")))
            {
                directory = directory.Parent;
            }

            return directory?.FullName ?? throw new InvalidOperationException("MarketMicro.sln not found above the test binaries");
        }
    }

    public static HttpClient Client(string baseAddress = Gateway) => new() { BaseAddress = new Uri(baseAddress), Timeout = TimeSpan.FromSeconds(30) };

    /// <summary>Signs in at <paramref name="signInAt"/>; the client it returns calls <paramref name="baseAddress"/> with the token.</summary>
    public static async Task<HttpClient> SignInAsync(string email, string password, string baseAddress = Gateway, string? signInAt = null)
    {
        var login = await Client(signInAt ?? baseAddress).PostAsJsonAsync("/api/v1/users/login", new { email, password });
        login.EnsureSuccessStatusCode();
        var token = (await login.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString();
        var client = Client(baseAddress);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    public static Task<HttpClient> AdminAsync() => SignInAsync(AdminEmail, AdminPassword);

    /// <summary>
    /// A new customer, registered and signed in on a frontend directly (NGINX limits sign-ups per address, and a load
    /// test signs up hundreds from one), shopping through <paramref name="baseAddress"/>.
    /// </summary>
    public static async Task<HttpClient> NewCustomerAsync(string baseAddress = Gateway)
    {
        var email = $"buyer-{Guid.NewGuid():N}@cluster.test";
        var frontend = Frontends[Random.Shared.Next(Frontends.Length)];
        var register = await Client(frontend).PostAsJsonAsync("/api/v1/users/register", new { email, password = "buyer-password", name = "Buyer" });
        register.EnsureSuccessStatusCode();
        return await SignInAsync(email, "buyer-password", baseAddress, signInAt: frontend);
    }

    public static async Task<string> CreateProductAsync(HttpClient admin, string name, int stock, decimal price = 10m)
    {
        var created = await admin.PostAsJsonAsync("/api/v1/products", new { name, description = "Cluster test", price, category = "Cluster", stock });
        created.EnsureSuccessStatusCode();
        return (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
    }

    /// <summary>The pid of a process cluster.sh started (silo1, silo2, api1, ...).</summary>
    public static int Pid(string name) => int.Parse(File.ReadAllText(Path.Combine(StateDirectory, $"{name}.pid")).Trim());

    /// <summary>Stops a process cluster.sh started, hard (SIGKILL) or gracefully (SIGTERM), and waits until it is gone.</summary>
    public static void Kill(string name, bool hard)
    {
        using var process = Process.GetProcessById(Pid(name));
        if (hard)
        {
            process.Kill();
        }
        else
        {
            Process.Start("kill", ["-TERM", process.Id.ToString()])!.WaitForExit();
        }

        process.WaitForExit(TimeSpan.FromSeconds(60));
    }

    /// <summary>Runs the invariant auditor (tools/Audit) against the cluster; fails the test with its report on any mismatch.</summary>
    public static async Task AuditAsync(Xunit.Abstractions.ITestOutputHelper output)
    {
        var (exitCode, report) = await RunAuditAsync();
        output.WriteLine(report);
        Assert.True(exitCode == 0, $"the auditor found mismatches (exit {exitCode}):\n{report}");
    }

    /// <summary>Runs the auditor until it finds the shop whole, for at most <paramref name="patience"/>.</summary>
    public static async Task AuditUntilCleanAsync(Xunit.Abstractions.ITestOutputHelper output, TimeSpan patience)
    {
        var (_, report) = await Eventually.ReturnsAsync(RunAuditAsync, audit => audit.ExitCode == 0, patience, "a clean audit");
        output.WriteLine(report);
    }

    private static async Task<(int ExitCode, string Report)> RunAuditAsync()
    {
        var audit = Path.Combine(RepositoryRoot, "tools", "Audit", "bin", "Release", "net10.0", "MarketMicro.Audit.dll");
        var start = new ProcessStartInfo("dotnet", [audit, "--redis", "127.0.0.1:6379", "--service-id", "market-micro-local", "--cluster-id", "market-micro-local"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var report = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await report + await errors);
    }

    /// <summary>Starts whatever is not running again (cluster.sh up is idempotent) and waits until it is ready.</summary>
    public static async Task RestoreAsync()
    {
        var start = new ProcessStartInfo("bash", ["scripts/cluster.sh", "up", "--no-build"]) { WorkingDirectory = RepositoryRoot, RedirectStandardOutput = true, RedirectStandardError = true };
        start.Environment["MARKETMICRO_CLUSTER_DIR"] = StateDirectory;
        using var process = Process.Start(start)!;
        var output = process.StandardError.ReadToEndAsync();
        await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"cluster.sh up failed: {await output}");
        }
    }
}
