using MarketMicro.Users;
using MarketMicro.WebApi.Users;

namespace MarketMicro.WebApi.Auth;

/// <summary>
/// Creates the first admin from <c>Bootstrap:AdminEmail</c> / <c>Bootstrap:AdminPassword</c> once the cluster answers.
/// An existing account with that email is never changed (its password is never overwritten).
/// </summary>
internal sealed class AdminBootstrapper(IConfiguration configuration, IGrainFactory grains, ILogger<AdminBootstrapper> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var email = configuration["Bootstrap:AdminEmail"];
        var password = configuration["Bootstrap:AdminPassword"];
        if (string.IsNullOrWhiteSpace(email) || string.IsNullOrEmpty(password))
        {
            return;
        }

        if ((UserInput.EmailError(email) ?? UserInput.PasswordError(password)) is { } problem)
        {
            logger.LogError("Bootstrap admin not created: {Reason}", problem);
            return;
        }

        var normalized = IUserEmailIndexGrain.Normalize(email);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var owner = await grains.Reference<IUserEmailIndexGrain>(normalized)
                    .EnsureAccount(new NewAccount(normalized, password, "Administrator", UserRoles.Admin));
                if (owner.Role != UserRoles.Admin)
                {
                    logger.LogWarning("Bootstrap admin {Email} already exists as a {Role}; it was left unchanged", normalized, owner.Role);
                }

                return;
            }
            catch (Exception ex) when (ex is not OperationCanceledException && ex is not DomainException)
            {
                logger.LogInformation("Cluster not ready for the bootstrap admin yet ({Reason}); retrying", ex.GetType().Name);
                await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken);
            }
        }
    }
}
