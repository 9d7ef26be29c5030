namespace Presenca.Web.Campaigns.Webhooks;

/// <summary>
/// The <c>event</c> values of Brevo's transactional webhook payloads (not the names used to
/// register a webhook, which differ: hardBounce, uniqueOpened...).
/// </summary>
public enum BrevoEventKind
{
    Request,
    Delivered,
    Deferred,
    SoftBounce,
    HardBounce,
    InvalidEmail,
    Blocked,
    Error,
    Complaint,
    Opened,
    UniqueOpened,
    ProxyOpen,
    UniqueProxyOpen,
    Click,
    Unsubscribed,
}

public static class BrevoEventNames
{
    private static readonly Dictionary<string, BrevoEventKind> Kinds = new(StringComparer.OrdinalIgnoreCase)
    {
        ["request"] = BrevoEventKind.Request,
        ["sent"] = BrevoEventKind.Request,
        ["delivered"] = BrevoEventKind.Delivered,
        ["deferred"] = BrevoEventKind.Deferred,
        ["soft_bounce"] = BrevoEventKind.SoftBounce,
        ["hard_bounce"] = BrevoEventKind.HardBounce,
        ["invalid_email"] = BrevoEventKind.InvalidEmail,
        ["blocked"] = BrevoEventKind.Blocked,
        ["error"] = BrevoEventKind.Error,
        // Brevo's documentation names the complaint event both ways.
        ["spam"] = BrevoEventKind.Complaint,
        ["complaint"] = BrevoEventKind.Complaint,
        ["opened"] = BrevoEventKind.Opened,
        ["unique_opened"] = BrevoEventKind.UniqueOpened,
        ["proxy_open"] = BrevoEventKind.ProxyOpen,
        ["unique_proxy_open"] = BrevoEventKind.UniqueProxyOpen,
        ["click"] = BrevoEventKind.Click,
        ["unsubscribed"] = BrevoEventKind.Unsubscribed,
    };

    public static bool TryParse(string name, out BrevoEventKind kind) => Kinds.TryGetValue(name, out kind);

    /// <summary>The name Brevo puts in a payload, for the sandbox that writes payloads like Brevo.</summary>
    public static string PayloadName(BrevoEventKind kind) => kind switch
    {
        BrevoEventKind.Request => "request",
        BrevoEventKind.Delivered => "delivered",
        BrevoEventKind.Deferred => "deferred",
        BrevoEventKind.SoftBounce => "soft_bounce",
        BrevoEventKind.HardBounce => "hard_bounce",
        BrevoEventKind.InvalidEmail => "invalid_email",
        BrevoEventKind.Blocked => "blocked",
        BrevoEventKind.Error => "error",
        BrevoEventKind.Complaint => "spam",
        BrevoEventKind.Opened => "opened",
        BrevoEventKind.UniqueOpened => "unique_opened",
        BrevoEventKind.ProxyOpen => "proxy_open",
        BrevoEventKind.UniqueProxyOpen => "unique_proxy_open",
        BrevoEventKind.Click => "click",
        BrevoEventKind.Unsubscribed => "unsubscribed",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };
}
