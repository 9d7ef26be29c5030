namespace Presenca.Bench.Pipeline.Browser;

/// <summary>What the card showed (bar|done|pending|sending|sent|failed|status) and when.</summary>
public sealed record WatchedChange(DateTimeOffset At, string Figures)
{
    public bool Complete => Figures.StartsWith("100\u00a0%", StringComparison.Ordinal);

    /// <summary>pending,sending,sent,failed as plain numbers, as a campaign_progress NOTIFY carries them.</summary>
    public string Counts => string.Join(',', Figures.Split('|')[2..6].Select(text => new string([.. text.Where(char.IsAsciiDigit)])));
}

/// <summary>
/// The page's record: how many times it was loaded (1 = never reloaded), how many progress events
/// live.js emitted, the figures it was rendered with, and every visible change after that.
/// </summary>
public sealed record WatchedProgress(int Loads, int Events, WatchedChange Rendered, IReadOnlyList<WatchedChange> Changes)
{
    /// <summary>Changes up to the first that showed 100 %: the ones seen while sending.</summary>
    public IReadOnlyList<WatchedChange> WhileSending =>
        [.. Changes.TakeWhile(c => !c.Complete), .. Changes.Where(c => c.Complete).Take(1)];
}
