namespace Presenca.Bench.Pipeline.Browser;

/// <summary>
/// What a page showed of the campaign and when: its progress card's bar|done|pending|sending|sent|failed|status
/// (empty once the card is gone), then after '#' each row of the table as campaign-id=status badge.
/// </summary>
public sealed record WatchedChange(DateTimeOffset At, string Figures)
{
    private string Card => Figures.Split('#')[0];

    /// <summary>The page shows a progress card (the campaign is the only one in flight).</summary>
    public bool ShowsCard => Card.Length > 0;

    /// <summary>The campaign's row reads "Envoyée": the page has followed the send to its end.</summary>
    public bool ShowsSent(Guid campaign) => Figures.Split('#') is [_, var rows] && rows.Split(';').Contains($"{campaign}=Envoyée");

    /// <summary>pending,sending,sent,failed as plain numbers, as a campaign_progress NOTIFY carries them (empty without a card).</summary>
    public string Counts => Card.Split('|') is { Length: >= 6 } parts
        ? string.Join(',', parts[2..6].Select(text => new string([.. text.Where(char.IsAsciiDigit)])))
        : "";
}

/// <summary>
/// One page's record: how many times it was loaded (1 = never reloaded), the figures it was
/// rendered with, and every visible change after that.
/// </summary>
public sealed record WatchedProgress(string Email, Guid Campaign, int Loads, WatchedChange Rendered, IReadOnlyList<WatchedChange> Changes)
{
    /// <summary>
    /// Changes from the card's appearance up to the first that showed the campaign sent: the ones
    /// seen while sending. (Before, the page's own table loading in its circuit is no progress.)
    /// </summary>
    public IReadOnlyList<WatchedChange> WhileSending =>
    [
        .. Changes.SkipWhile(c => !c.ShowsCard).TakeWhile(c => !c.ShowsSent(Campaign)),
        .. Changes.Where(c => c.ShowsSent(Campaign)).Take(1),
    ];

    public bool ReachedSent => WhileSending is [.., var last] && last.ShowsSent(Campaign);
}
