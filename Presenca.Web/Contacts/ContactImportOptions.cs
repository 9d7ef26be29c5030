namespace Presenca.Web.Contacts;

/// <summary>The <c>Presenca:ContactImport</c> section: limits an uploaded contact file must respect.</summary>
public sealed class ContactImportOptions
{
    public const string Section = "Presenca:ContactImport";

    /// <summary>Largest accepted upload, in bytes (20 Mo).</summary>
    public long MaxFileBytes { get; set; } = 20L * 1024 * 1024;

    /// <summary>Most data rows one file may hold.</summary>
    public int MaxRows { get; set; } = 200_000;

    /// <summary>Largest total uncompressed size of an .xlsx archive (guards against zip bombs).</summary>
    public long MaxUncompressedBytes { get; set; } = 300L * 1024 * 1024;

    /// <summary>Largest uncompressed size of an .xlsx's shared strings, the part the reader keeps whole in memory.</summary>
    public long MaxSharedStringsBytes { get; set; } = 64L * 1024 * 1024;

    /// <summary>Largest uncompressed/compressed ratio of one .xlsx entry (real sheets stay far below).</summary>
    public int MaxCompressionRatio { get; set; } = 200;

    /// <summary>Where uploads wait for the background importer (default: the system temp folder).</summary>
    public string? UploadDirectory { get; set; }

    /// <summary>How often this process renews the heartbeat of the imports it holds and looks for dead ones, in seconds.</summary>
    public int HeartbeatSeconds { get; set; } = 10;

    /// <summary>An import whose heartbeat is older than this, in seconds, lost its process: it is marked failed.</summary>
    public int StaleAfterSeconds { get; set; } = 30;

    /// <summary>
    /// Rows of the file the worker imports into a rolled-back staging table when the process
    /// starts, so that the first real import does not pay for compiling the reader and COPY. 0: off.
    /// </summary>
    /// <remarks>
    /// Enough rows for the reader's code to reach its final, optimised compilation: .NET starts a
    /// method unoptimised, counts its calls only once start-up stops compiling new code, then runs
    /// it instrumented for a while (dynamic PGO). Measured by hand on a loaded machine, reading
    /// 100,000 rows after a warm-up of 2,000 took 6-8 s the first time and 2.5-3 s the next (no
    /// better than without it); after 20,000 (a second or two of one core at start, off any
    /// request), 3-4 s the first time.
    /// </remarks>
    public int WarmUpRows { get; set; } = 20_000;

    public TimeSpan HeartbeatInterval => TimeSpan.FromSeconds(Math.Max(1, HeartbeatSeconds));

    public TimeSpan StaleAfter => TimeSpan.FromSeconds(Math.Max(2 * HeartbeatSeconds, StaleAfterSeconds));
}
