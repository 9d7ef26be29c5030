namespace Presenca.Web.Hosting;

/// <summary>
/// Refuses (403) a request to the circuit's hub (/_blazor) whose Origin is another site. The
/// circuit's WebSocket carries the auth cookie, and browsers do not apply CORS to WebSockets:
/// without this check a page elsewhere could open a circuit as the signed-in user.
/// </summary>
/// <remarks>
/// Browsers always send Origin on WebSocket handshakes and cross-origin fetches; a request
/// without one (a non-browser client) is not a cross-site forgery and goes on. The comparison is
/// host and port; when the Host header names no port,
/// the client used its scheme's default one, so the Origin must too.
/// </remarks>
public static class CircuitOriginCheck
{
    public static readonly PathString HubPath = "/_blazor";

    public static IApplicationBuilder UseCircuitOriginCheck(this IApplicationBuilder app) =>
        app.Use((context, next) =>
        {
            if (context.Request.Path.StartsWithSegments(HubPath)
                && context.Request.Headers.Origin is { Count: > 0 } origin
                && !IsSameHost(origin.ToString(), context.Request.Host))
            {
                context.Response.StatusCode = StatusCodes.Status403Forbidden;
                return Task.CompletedTask;
            }

            return next(context);
        });

    public static bool IsSameHost(string origin, HostString host)
    {
        if (!Uri.TryCreate(origin, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || !host.HasValue)
        {
            // "null" (sandboxed frames, file: pages) and anything unreadable are foreign.
            return false;
        }

        // Both sides are ASCII (browsers serialise Origin with punycode, as the Host header is sent).
        if (!string.Equals(uri.Host, host.Host, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        return host.Port is { } port ? uri.Port == port : uri.IsDefaultPort;
    }
}
