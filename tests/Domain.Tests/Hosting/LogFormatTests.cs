using MarketMicro.Silo;
using Microsoft.Extensions.Logging.Console;

namespace MarketMicro.Domain.Tests.Hosting;

public sealed class LogFormatTests
{
    [Fact]
    public void APersonAtATerminalReadsPlainLines() =>
        Assert.Equal(ConsoleFormatterNames.Simple, LoggingExtensions.ChooseFormat(null, outputRedirected: false));

    [Fact]
    public void RedirectedOutputForContainersAndShippersIsJson() =>
        Assert.Equal(ConsoleFormatterNames.Json, LoggingExtensions.ChooseFormat(null, outputRedirected: true));

    [Theory]
    [InlineData("json", false, ConsoleFormatterNames.Json)]
    [InlineData("JSON", false, ConsoleFormatterNames.Json)]
    [InlineData("simple", true, ConsoleFormatterNames.Simple)]
    [InlineData(" Simple ", true, ConsoleFormatterNames.Simple)]
    public void AConfiguredFormatWinsWhereverOutputGoes(string configured, bool redirected, string formatter) =>
        Assert.Equal(formatter, LoggingExtensions.ChooseFormat(configured, redirected));

    [Fact]
    public void AnUnknownFormatStopsTheStart() =>
        Assert.Throws<InvalidOperationException>(() => LoggingExtensions.ChooseFormat("xml", outputRedirected: true));
}
