using System.Text.Json;
using System.Text.Json.Serialization;

namespace Presenca.Web.Brevo;

// The JSON of POST /v3/smtp/email, field names as in Brevo's reference (sendTransacEmail).
// Records, not the SDK's classes: brevo_csharp is not available and drags Newtonsoft along.

internal sealed record BrevoSendEmailBody(
    BrevoAddress Sender,
    string Subject,
    string HtmlContent,
    string TextContent,
    IReadOnlyList<BrevoMessageVersion> MessageVersions,
    IReadOnlyDictionary<string, string> Headers);

internal sealed record BrevoAddress(string Email, string? Name = null);

// Headers per version: each recipient's List-Unsubscribe names that recipient, so it cannot be
// one of the call's shared headers.
internal sealed record BrevoMessageVersion(
    IReadOnlyList<BrevoAddress> To,
    IReadOnlyDictionary<string, string>? Params = null,
    string? Subject = null,
    string? HtmlContent = null,
    string? TextContent = null,
    IReadOnlyDictionary<string, string>? Headers = null);

/// <summary>201: <c>messageId</c> for a plain send, <c>messageIds</c> (one per version) for a batch.</summary>
internal sealed record BrevoSendEmailAnswer(string? MessageId, IReadOnlyList<string>? MessageIds);

/// <summary>Brevo's error body: <c>{"code":"invalid_parameter","message":"..."}</c>.</summary>
internal sealed record BrevoError(string? Code, string? Message);

internal static class BrevoJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };
}

/// <summary>Names of the email headers Presenca puts in the body's <c>headers</c> object.</summary>
public static class BrevoHeaders
{
    /// <summary>Brevo processes a call once per key for 30 minutes (must be a UUID).</summary>
    public const string IdempotencyKey = "idempotencyKey";

    /// <summary>Echoed by Brevo in every webhook event of the email.</summary>
    public const string MailinCustom = "X-Mailin-custom";

    /// <summary>With the value <c>drop</c>, Brevo validates and answers but sends nothing.</summary>
    public const string Sandbox = "X-Sib-Sandbox";

    public const string SandboxDrop = "drop";

    /// <summary>RFC 2369: where the recipient unsubscribes (<c>&lt;https://…&gt;</c>).</summary>
    public const string ListUnsubscribe = "List-Unsubscribe";

    /// <summary>RFC 8058: the address above takes a one-click POST.</summary>
    public const string ListUnsubscribePost = "List-Unsubscribe-Post";

    public const string OneClick = "List-Unsubscribe=One-Click";
}
