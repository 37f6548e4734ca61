using MarketMicro.WebApi.Users;

namespace MarketMicro.Domain.Tests.Users;

public sealed class PasswordRuleTests
{
    public static TheoryData<string> Refused => new()
    {
        "        ",
        "\t\t\t\t\t\t\t\t",
        "\u00a0\u00a0\u00a0\u00a0\u00a0\u00a0\u00a0\u00a0",
        "password\u0001",
        "pass\tword",
        "pass\nword",
        "password\u007f",
        "short",
        new string('p', UserInput.MaxPassword + 1),
    };

    public static TheoryData<string> Accepted => new()
    {
        "a long enough password",
        "  spaced  ",
        "pässwörd",
        "🔑🔑🔑🔑",
        new string('p', UserInput.MaxPassword),
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public void PasswordsThatCouldNotBeTypedAtLoginAreRefused(string password) =>
        Assert.NotNull(UserInput.PasswordError(password));

    [Theory]
    [MemberData(nameof(Accepted))]
    public void OrdinaryPasswordsWithInnerOrOuterSpacesAreAccepted(string password) =>
        Assert.Null(UserInput.PasswordError(password));

    [Fact]
    public void AMissingPasswordIsRequired()
    {
        Assert.Equal("password is required.", UserInput.PasswordError(null));
        Assert.Equal("password is required.", UserInput.PasswordError(string.Empty));
    }
}
