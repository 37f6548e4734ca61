using System.Security.Claims;
using System.Text;
using MarketMicro.Events;
using MarketMicro.Silo.Events;
using MarketMicro.WebApi.Infrastructure;
using Microsoft.AspNetCore.Http.Features;

namespace MarketMicro.WebApi.Admin;

/// <summary><c>GET /api/v1/admin/events</c>: the shop's order and catalog events as server-sent events, for the admin console.</summary>
public static class AdminEventsEndpoints
{
    public const string ContentType = "text/event-stream";

    /// <summary>A comment line this often keeps proxies and browsers from closing a quiet stream.</summary>
    public static readonly TimeSpan HeartbeatEvery = TimeSpan.FromSeconds(15);

    private const string Description = """
        A `text/event-stream` (server-sent events) of the shop's order and catalog events as they happen, for the admin
        console. Each event is

        ```
        id: <event id>
        event: <type>
        data: <the event as one line of JSON>
        ```

        where `type` is `order.placed`, `order.status-changed`, `order.cancelled`, `product.changed`, `stock.changed` or
        `product.deleted`, and `data` is the JSON that RabbitMQ consumers read from the public events exchange:
        `{type, id, occurredAt, version, payload}`, with `payload.order` (as in `GET /orders/{id}`, plus `customerEmail`;
        status changes add `from` and `to`), `payload.product` (`stock` is what can be bought, plus `onHand` and
        `reserved`) or `payload.productId`. An order event is sent once the order reached the admin's books, so
        `/admin/orders` and `/admin/financials` read afterwards include it.

        The stream opens with `retry: 3000` and a `: connected` comment, sends a `: heartbeat` comment every 15 seconds
        when nothing happens, and ends when the access token expires (the client reconnects with a fresh token).
        Delivery is live only: nothing is replayed on reconnect (`Last-Event-ID` is ignored), an event may arrive twice
        (deduplicate by `id`, or keep the newest `version`), and a client that cannot keep up loses the oldest events
        first. Reread the lists after a reconnect.
        """;

    public static IEndpointRouteBuilder MapAdminEventsEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/api/v1/admin/events", StreamAsync)
            .WithTags("Admin")
            .RequireAuthorization(AuthPolicies.Admin)
            .WithSummary("Order and stock events as they happen (server-sent events, for the admin console)")
            .WithDescription(Description)
            .Produces<string>(StatusCodes.Status200OK, ContentType);
        return routes;
    }

    private static async Task StreamAsync(HttpContext context, AdminEventsFeed feed, TimeProvider clock)
    {
        using var stream = await feed.OpenAsync();
        using var open = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
        open.CancelAfter(TokenLifetimeLeft(context.User, clock));

        var response = context.Response;
        response.ContentType = ContentType;
        response.Headers.CacheControl = "no-cache, no-store";
        response.Headers["X-Accel-Buffering"] = "no";
        context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();

        try
        {
            await WriteAsync(response, "retry: 3000\n: connected\n\n", open.Token);
            var quiet = CancellationTokenSource.CreateLinkedTokenSource(open.Token);
            try
            {
                while (true)
                {
                    quiet.CancelAfter(HeartbeatEvery);
                    try
                    {
                        if (!await stream.Events.WaitToReadAsync(quiet.Token))
                        {
                            return;
                        }
                    }
                    catch (OperationCanceledException) when (!open.IsCancellationRequested)
                    {
                        quiet.Dispose();
                        quiet = CancellationTokenSource.CreateLinkedTokenSource(open.Token);
                        await WriteAsync(response, ": heartbeat\n\n", open.Token);
                        continue;
                    }

                    var batch = new StringBuilder();
                    while (stream.Events.TryRead(out var shopEvent))
                    {
                        batch.Append(Format(shopEvent));
                    }

                    await WriteAsync(response, batch.ToString(), open.Token);
                }
            }
            finally
            {
                quiet.Dispose();
            }
        }
        catch (OperationCanceledException) when (open.IsCancellationRequested)
        {
            // The client left or its token expired: the stream simply ends.
        }
    }

    /// <summary>One server-sent event: <c>id</c>, <c>event</c> (the type) and the public JSON of the event on one line.</summary>
    public static string Format(ShopEvent shopEvent) =>
        $"id: {shopEvent.Id}\nevent: {shopEvent.Type}\ndata: {Encoding.UTF8.GetString(PublicEvents.Serialize(shopEvent))}\n\n";

    private static async Task WriteAsync(HttpResponse response, string text, CancellationToken cancellationToken)
    {
        await response.WriteAsync(text, cancellationToken);
        await response.Body.FlushAsync(cancellationToken);
    }

    private static TimeSpan TokenLifetimeLeft(ClaimsPrincipal user, TimeProvider clock)
    {
        var expires = long.TryParse(user.FindFirst("exp")?.Value, out var seconds)
            ? DateTimeOffset.FromUnixTimeSeconds(seconds)
            : clock.GetUtcNow();
        return expires > clock.GetUtcNow() ? expires - clock.GetUtcNow() : TimeSpan.Zero;
    }
}
