// The sending pipeline benchmark (issue 6 §8): N recipients (default 100,000) of one campaign
// sent by two worker processes (the real app, `dotnet Presenca.Web.dll`) against an instantly
// answering fake Brevo, the rate limit lifted. Prints the time to the first batch at the fake,
// emails/s end to end (from the campaign's start to its "sent" status) against the pipeline's own
// SQL floor measured right after on the same database (SqlFloor; FLOOR=0 skips it), the workers'
// peak RSS, addresses delivered twice at the fake and how often progress was announced.
//
// Connections: PRESENCA_BENCH_POSTGRES_ADMIN (creates the database), _OWNER, _APP (set by bench/pipeline.sh).
// Arguments: [recipients] [workers] [browser], or "ratelimit" for the rate limiter's accuracy, or
// "circuits [N]" for the web app's memory per circuit with N pages open (default 100), or
// "circuits N send recipients [workers]" for the same campaign as "browser" sent while N pages are open, or
// "events [recipients] [workers]" for delivery events through the webhook (bench/events.sh), or
// "sandbox [recipients]" for the demo's send through the sandbox and how soon its events are counted.
// "browser" also runs the web app as its own process and a headless Chromium watching the
// campaign's progress page, and prints how often the figures changed there.
using Presenca.Bench.Pipeline;

if (args is ["circuits", var open, "send", var sent, .. var rest])
{
    await PipelineBench.RunAsync(int.Parse(sent, System.Globalization.CultureInfo.InvariantCulture),
        rest is [var w, ..] ? int.Parse(w, System.Globalization.CultureInfo.InvariantCulture) : 2,
        watchInBrowser: true, circuits: int.Parse(open, System.Globalization.CultureInfo.InvariantCulture));
    return 0;
}

if (args.Length > 0 && args[0] == "circuits")
{
    await PipelineBench.CircuitMemoryAsync(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 100);
    return 0;
}

if (args.Length > 0 && args[0] == "events")
{
    await EventsBench.RunAsync(
        args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 100_000,
        args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 0);
    return 0;
}

if (args is ["sandbox", .. var size])
{
    await PipelineBench.SandboxConvergenceAsync(size is [var n, ..] ? int.Parse(n, System.Globalization.CultureInfo.InvariantCulture) : 100_000);
    return 0;
}

if (args.Length > 0 && args[0] == "ratelimit")
{
    await PipelineBench.RateLimitAsync();
    return 0;
}

var recipients = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 100_000;
var workers = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 2;
var browser = args.Length > 2 && args[2] == "browser";
await PipelineBench.RunAsync(recipients, workers, browser);
return 0;
