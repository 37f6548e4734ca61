using MarketMicro.Silo;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.Json;
using Microsoft.Extensions.DependencyInjection;

namespace MarketMicro.WebApi.Tests;

[Collection(ShopCollection.Name)]
public sealed class HostConfigurationTests(ShopApiFactory shop)
{
    [Fact]
    public void TheRunningShopReadsItsConfigurationFilesOnceInsteadOfWatchingItsContentRoot()
    {
        var files = JsonFiles((IConfigurationRoot)shop.Services.GetRequiredService<IConfiguration>());

        Assert.Contains(files, file => file.Source.Path == "appsettings.json");
        Assert.All(files, file => Assert.False(file.Source.ReloadOnChange, $"{file.Source.Path} is watched"));
    }

    [Theory]
    [InlineData(new string[0], false)]
    [InlineData(new[] { "--hostBuilder:reloadConfigOnChange=true" }, true)]
    public void AnOperatorCanStillAskForReloadingOnTheCommandLine(string[] args, bool watched)
    {
        var builder = WebApplication.CreateBuilder(HostArguments.ReadConfigurationOnce(args));

        var files = JsonFiles(builder.Configuration);

        Assert.NotEmpty(files);
        Assert.All(files, file => Assert.Equal(watched, file.Source.ReloadOnChange));
    }

    private static List<JsonConfigurationProvider> JsonFiles(IConfigurationRoot configuration) =>
        configuration.Providers.OfType<JsonConfigurationProvider>().ToList();
}
