namespace Presenca.Web.Hosting;

/// <summary>
/// The browser protections every response carries (pages, downloads, static files, errors): a
/// Content-Security-Policy that lets only this server's own script files run, no framing, no
/// MIME sniffing, no referrer sent to other sites.
/// </summary>
/// <remarks>
/// Headers are written when the response starts, so a response the exception handler or the
/// status-code pages re-executed (which clear the headers first) still carries them.
/// Scripts: only files from 'self' (blazor.web.js, MudBlazor.min.js, the reconnect dialog's
/// module); no inline script or eval exists, so none is allowed. Styles: MudBlazor writes its
/// theme as an inline &lt;style&gt; and positions popovers with style attributes, so inline styles
/// are allowed; they cannot run code. connect-src names the circuit's WebSocket explicitly,
/// because 'self' does not cover ws:/wss: in every browser.
/// </remarks>
public static class SecurityHeaders
{
    public const string ContentSecurityPolicy = "Content-Security-Policy";

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) =>
        app.Use((context, next) =>
        {
            context.Response.OnStarting(() =>
            {
                Write(context);
                return Task.CompletedTask;
            });
            return next(context);
        });

    /// <summary>The policy for a request to <paramref name="request"/>'s host.</summary>
    public static string PolicyFor(HttpRequest request)
    {
        var host = request.Host.Value;
        // Behind a TLS-terminating proxy the page is https while this request is http: wss is
        // always allowed, plain ws only when the page itself is plain http.
        var sockets = request.IsHttps ? $"wss://{host}" : $"ws://{host} wss://{host}";
        return string.Join("; ",
            "default-src 'self'",
            "script-src 'self'",
            "style-src 'self' 'unsafe-inline'",
            "img-src 'self' data:",
            "font-src 'self'",
            $"connect-src 'self' {sockets}",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
            "frame-ancestors 'none'");
    }

    private static void Write(HttpContext context)
    {
        var headers = context.Response.Headers;
        headers[ContentSecurityPolicy] = PolicyFor(context.Request);
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        // Set-password links carry their token in the query: no other site ever sees a full URL.
        headers["Referrer-Policy"] = "same-origin";
        headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(), payment=()";
    }
}
