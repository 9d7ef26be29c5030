namespace Presenca.Web.Unsubscribe;

/// <summary>The public unsubscribe page's limits (<c>Presenca:Unsubscribe</c>).</summary>
public sealed class UnsubscribeOptions
{
    public const string Section = "Presenca:Unsubscribe";

    /// <summary>
    /// Requests (page and one-click POSTs) one IP address may make per minute. Generous on
    /// purpose: a mailbox provider's one-click POSTs for many recipients come from few addresses;
    /// a token cannot be guessed, so the limit only keeps one address from flooding the database.
    /// </summary>
    public int RequestsPerMinutePerIp { get; set; } = 300;
}
