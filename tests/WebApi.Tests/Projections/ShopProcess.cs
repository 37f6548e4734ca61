using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using MarketMicro.TestSupport;

namespace MarketMicro.WebApi.Tests.Projections;

/// <summary>
/// The embedded shop as operators run it: the WebApi's build output in a child process of its own, on a data directory
/// that outlives it, with fresh ports at every start. It can be stopped the hard way (SIGKILL).
/// </summary>
public sealed class ShopProcess : IAsyncDisposable
{
    public const string AdminEmail = "admin@projections.test";
    public const string AdminPassword = "kill-nine-proof";

    private readonly Process process;
    private readonly Queue<string> output = new();

    private ShopProcess(Process process, Uri url, int gatewayPort)
    {
        this.process = process;
        GatewayPort = gatewayPort;
        Http = new HttpClient { BaseAddress = url, Timeout = TimeSpan.FromSeconds(30) };
    }

    public HttpClient Http { get; }

    public int GatewayPort { get; }

    /// <summary>What the process wrote last, for failure messages.</summary>
    public string RecentOutput
    {
        get
        {
            lock (output)
            {
                return string.Join('\n', output);
            }
        }
    }

    public static async Task<ShopProcess> StartAsync(string dataDirectory)
    {
        var url = new Uri($"http://127.0.0.1:{FreePort.Next()}/");
        var gatewayPort = FreePort.Next();
        var start = new ProcessStartInfo("dotnet", [BuildOutput("src/WebApi", "MarketMicro.WebApi.dll")])
        {
            WorkingDirectory = dataDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var (key, value) in new Dictionary<string, string>
        {
            ["Storage__DataDirectory"] = dataDirectory,
            ["Urls"] = url.ToString().TrimEnd('/'),
            ["Orleans__SiloPort"] = FreePort.Next().ToString(),
            ["Orleans__GatewayPort"] = gatewayPort.ToString(),
            ["Bootstrap__AdminEmail"] = AdminEmail,
            ["Bootstrap__AdminPassword"] = AdminPassword,
            ["Projections__CatchUpInterval"] = "00:00:02",
            ["Logging__Format"] = "simple",
        })
        {
            start.Environment[key] = value;
        }

        var shop = new ShopProcess(Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start"), url, gatewayPort);
        shop.process.OutputDataReceived += (_, line) => shop.Remember(line.Data);
        shop.process.ErrorDataReceived += (_, line) => shop.Remember(line.Data);
        shop.process.BeginOutputReadLine();
        shop.process.BeginErrorReadLine();
        await shop.SignInAsync();
        return shop;
    }

    /// <summary>A file of another project's build output, built in the same configuration as these tests.</summary>
    public static string BuildOutput(string project, string file)
    {
        var here = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var (framework, configuration) = (here.Name, here.Parent!.Name);
        var root = here;
        while (!File.Exists(Path.Combine(root.FullName, "MarketMicro.sln")))
        {
            root = root.Parent ?? throw new InvalidOperationException("MarketMicro.sln not found above the test output");
        }

        return Path.Combine(root.FullName, project, "bin", configuration, framework, file);
    }

    public void Kill()
    {
        process.Kill(entireProcessTree: true);
        process.WaitForExit();
    }

    public async Task<JsonElement> GetJsonAsync(string path)
    {
        using var response = await Http.GetAsync(path);
        Assert.True(response.IsSuccessStatusCode, $"GET {path} answered {(int)response.StatusCode}");
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        process.Dispose();
        Http.Dispose();
    }

    private async Task SignInAsync()
    {
        await Eventually.HoldsAsync(async () =>
        {
            Assert.False(process.HasExited, $"the shop exited: {RecentOutput}");
            try
            {
                using var ready = await Http.GetAsync("health/ready");
                return ready.StatusCode == HttpStatusCode.OK;
            }
            catch (HttpRequestException)
            {
                return false;
            }
        }, TimeSpan.FromSeconds(60), "the shop becoming ready");

        // The bootstrap admin is created in the background once the silo answers; sign-ins are rate limited.
        await Eventually.HoldsAsync(async () =>
        {
            using var login = await Http.PostAsJsonAsync("api/v1/users/login", new { email = AdminEmail, password = AdminPassword });
            if (login.StatusCode != HttpStatusCode.OK)
            {
                await Task.Delay(250);
                return false;
            }

            var token = (await login.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString();
            Http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
            return true;
        }, TimeSpan.FromSeconds(20), "the bootstrap admin signing in");
    }

    private void Remember(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            output.Enqueue(line);
            if (output.Count > 40)
            {
                output.Dequeue();
            }
        }
    }
}
