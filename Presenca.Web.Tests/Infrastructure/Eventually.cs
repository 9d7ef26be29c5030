namespace Presenca.Web.Tests.Infrastructure;

/// <summary>
/// Waits for a condition that nothing announces (a background worker's row, a relay's LISTEN, an
/// import's progress) by polling it. The patience only guards against a hung test: the wait ends
/// as soon as the condition holds, so it is a wait for the condition, not a timing assertion.
/// </summary>
public static class Eventually
{
    public static readonly TimeSpan DefaultPatience = TimeSpan.FromMinutes(2);
    private static readonly TimeSpan DefaultInterval = TimeSpan.FromMilliseconds(50);

    /// <summary>Polls <paramref name="condition"/> until it holds; past the patience, fails naming <paramref name="what"/> (and <paramref name="detail"/>, read then).</summary>
    public static async Task UntilAsync(
        Func<Task<bool>> condition, string what, TimeSpan? patience = null, Func<string>? detail = null, TimeSpan? interval = null)
    {
        var until = DateTime.UtcNow + (patience ?? DefaultPatience);
        while (!await condition())
        {
            if (DateTime.UtcNow > until)
            {
                throw new TimeoutException(detail is null ? $"Never happened: {what}." : $"Never happened: {what}. {detail()}");
            }

            await Task.Delay(interval ?? DefaultInterval);
        }
    }

    public static Task UntilAsync(Func<bool> condition, string what, TimeSpan? patience = null, Func<string>? detail = null) =>
        UntilAsync(() => Task.FromResult(condition()), what, patience, detail);
}
