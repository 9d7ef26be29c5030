namespace Presenca.Data.Campaigns;

/// <summary>
/// The status of one recipient of a campaign (<c>emails_sent.status</c>, seed 004), stored as
/// snake_case text.
/// </summary>
public enum EmailSentStatus
{
    /// <summary>Materialised, waiting for a worker.</summary>
    Pending,

    /// <summary>Claimed by a worker under a lease; the call to Brevo is in flight.</summary>
    Sending,

    /// <summary>Brevo accepted it (201 with a message id, or a <c>request</c> event).</summary>
    Sent,

    /// <summary>The recipient's server accepted it (or an open/click proved it).</summary>
    Delivered,

    /// <summary>Refused before delivery: blocked, invalid address, error, or a 400 from Brevo.</summary>
    Failed,

    /// <summary>Hard bounce: the address does not exist.</summary>
    Bounced,
}
