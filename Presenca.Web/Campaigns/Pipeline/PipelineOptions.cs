using Presenca.Web.Campaigns.Sending;

namespace Presenca.Web.Campaigns.Pipeline;

/// <summary>The <c>Presenca:Campaigns:Pipeline</c> section: how this process sends campaigns.</summary>
public sealed class PipelineOptions
{
    public const string Section = "Presenca:Campaigns:Pipeline";

    /// <summary>Run the sending workers and the scheduler in this process.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Batches this process sends at the same time.</summary>
    public int Concurrency { get; set; } = 1;

    /// <summary>Versions per Brevo call (Brevo accepts at most 1000).</summary>
    public int BatchSize { get; set; } = EmailBatch.MaxVersions;

    /// <summary>How long a claimed batch stays a worker's before another may take it over.</summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Pause between two looks for work when there was none.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Scheduled starts, quota resumes and progress flushes are checked this often.</summary>
    public TimeSpan SchedulerInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// While this process sends, progress held back by the trigger is announced this often (the
    /// goal is once a second in every watching browser; the margin absorbs a loaded machine).
    /// </summary>
    public TimeSpan ProgressInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// Contacts per chunk at most when a campaign's recipients are prepared (each chunk one
    /// transaction, its batches claimable as soon as it commits; the first chunk is a single batch,
    /// and each next one as large as all before it until it reaches this size).
    /// </summary>
    /// <remarks>
    /// A chunk's insert ends by adding its recipients to the campaign's counters (the triggers on
    /// emails_sent), and holds those rows until its commit: every sender's "en cours" and "envoyé"
    /// waits meanwhile, and so does the announcement of held-back progress. A 20,000-contact chunk
    /// (its counter triggers, then the flush of its write-ahead log at commit) stopped every
    /// watching page for one to several seconds; 5,000 keeps that wait to a fraction of a second.
    /// </remarks>
    public int PreparationChunk { get; set; } = 5_000;

    /// <summary>Brevo batch calls per minute per account, shared by every instance.</summary>
    public int CallsPerMinute { get; set; } = SendRateLimiter.DefaultCallsPerMinute;

    /// <summary>
    /// A client without any Brevo connexion sends through the sandbox (Development and the demo);
    /// elsewhere starting such a campaign is refused. A connexion without an API key never sends,
    /// sandbox or not.
    /// </summary>
    public bool SandboxWithoutConnexion { get; set; }

    public BatchRetryOptions Retry { get; set; } = new();
}
