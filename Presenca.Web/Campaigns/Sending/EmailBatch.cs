namespace Presenca.Web.Campaigns.Sending;

/// <summary>
/// One call's worth of a campaign: up to <see cref="MaxVersions"/> personalised versions of the
/// same email, claimed together from <c>emails_sent</c> and sent in one request.
/// </summary>
/// <remarks>
/// The batch id is the unit of retry: the pipeline stores it on the claimed <c>emails_sent</c>
/// rows, so a batch claimed again after a crashed worker's lease expired carries the same id, and
/// therefore the same idempotency key (<see cref="BatchIdempotencyKey"/>), and Brevo does not
/// deliver it twice. The limits are Brevo's own (POST /v3/smtp/email with messageVersions);
/// checking them here turns a programming error into an exception before any network call.
/// </remarks>
public sealed record EmailBatch
{
    public const int MaxVersions = 1000;
    public const int MaxRecipientsPerVersion = 99;
    public const int MaxRecipientsPerCall = 2000;

    public EmailBatch(
        Guid batchId,
        Guid campaignId,
        EmailAddress sender,
        string subject,
        string htmlContent,
        string textContent,
        IReadOnlyList<EmailVersion> versions)
    {
        if (versions.Count == 0)
        {
            throw new ArgumentException("A batch needs at least one version.", nameof(versions));
        }

        if (versions.Count > MaxVersions)
        {
            throw new ArgumentException($"Brevo accepts at most {MaxVersions} versions per call; got {versions.Count}.", nameof(versions));
        }

        if (versions.Any(v => v.To.Count is 0 or > MaxRecipientsPerVersion))
        {
            throw new ArgumentException($"Each version needs 1 to {MaxRecipientsPerVersion} recipients.", nameof(versions));
        }

        if (versions.Sum(v => v.To.Count) > MaxRecipientsPerCall)
        {
            throw new ArgumentException($"Brevo accepts at most {MaxRecipientsPerCall} recipients per call.", nameof(versions));
        }

        BatchId = batchId;
        CampaignId = campaignId;
        Sender = sender;
        Subject = subject;
        HtmlContent = htmlContent;
        TextContent = textContent;
        Versions = versions;
    }

    public Guid BatchId { get; }

    public Guid CampaignId { get; }

    public EmailAddress Sender { get; }

    /// <summary>Default subject and bodies; a version may override each of them.</summary>
    public string Subject { get; }

    public string HtmlContent { get; }

    public string TextContent { get; }

    public IReadOnlyList<EmailVersion> Versions { get; }

    /// <summary>Ask real Brevo to validate and answer without sending (<c>X-Sib-Sandbox: drop</c>).</summary>
    public bool SandboxDrop { get; init; }

    public int RecipientCount => Versions.Sum(v => v.To.Count);
}

/// <summary>A recipient or sender as Brevo spells it.</summary>
public sealed record EmailAddress(string Email, string? Name = null);

/// <summary>
/// One personalised version. <see cref="EmailSentId"/> is Presenca's <c>emails_sent</c> row for
/// the version's (first) recipient: the pipeline writes the message id Brevo returns for this
/// version, in order, onto that row. <see cref="Headers"/> are this recipient's own email headers
/// (its <c>List-Unsubscribe</c> address), beside the call's shared ones.
/// </summary>
public sealed record EmailVersion(
    Guid EmailSentId,
    IReadOnlyList<EmailAddress> To,
    IReadOnlyDictionary<string, string>? Params = null,
    string? Subject = null,
    string? HtmlContent = null,
    string? TextContent = null,
    IReadOnlyDictionary<string, string>? Headers = null);
