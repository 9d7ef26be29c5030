namespace Presenca.Web.Campaigns.Webhooks;

/// <summary>The <c>Presenca:Campaigns:Events</c> section: how this process applies the event inbox.</summary>
public sealed class EmailEventOptions
{
    public const string Section = "Presenca:Campaigns:Events";

    /// <summary>Apply the inbox in this process (any number of processes may, on one database).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Events claimed and applied together, in one transaction and one UPDATE of the recipients.</summary>
    public int ChunkSize { get; set; } = 4000;

    /// <summary>Chunks this process applies at the same time (each holds one pooled connection).</summary>
    public int Concurrency { get; set; } = 1;

    /// <summary>Pause between two looks at an inbox that had nothing due (sandbox events fall due over a few seconds).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// Looks for a recipient before an event that matches none is set aside (1 s, 2 s, 4 s... then
    /// every 5 minutes: 20 looks span about an hour). Brevo reports every transactional email of an
    /// account, including ones Presenca did not send; those end here.
    /// </summary>
    public int MaxAttempts { get; set; } = 20;

    /// <summary>How long events set aside are kept (for an operator to look at) before being purged.</summary>
    public TimeSpan KeepSetAside { get; set; } = TimeSpan.FromDays(30);
}
