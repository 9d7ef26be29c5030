namespace Presenca.Web.Live;

/// <summary>
/// The in-process hand-off from <see cref="NotificationRelay"/> to the circuits of this
/// instance. Circuits subscribe through <see cref="LiveFeed"/>, which filters by client.
/// </summary>
public sealed class LiveEvents(ILogger<LiveEvents> logger)
{
    private readonly Lock _lock = new();
    private Action<LiveNotification>[] _subscribers = [];

    public IDisposable Subscribe(Action<LiveNotification> subscriber)
    {
        lock (_lock)
        {
            _subscribers = [.. _subscribers, subscriber];
        }

        return new Subscription(this, subscriber);
    }

    public void Publish(LiveNotification notification)
    {
        foreach (var subscriber in Volatile.Read(ref _subscribers))
        {
            try
            {
                subscriber(notification);
            }
            catch (Exception error) when (error is not OutOfMemoryException)
            {
                // One broken circuit must not keep the others from hearing.
                logger.LogWarning(error, "A live subscriber failed on {Channel}", notification.Channel);
            }
        }
    }

    private void Unsubscribe(Action<LiveNotification> subscriber)
    {
        lock (_lock)
        {
            _subscribers = [.. _subscribers.Where(s => s != subscriber)];
        }
    }

    private sealed class Subscription(LiveEvents events, Action<LiveNotification> subscriber) : IDisposable
    {
        public void Dispose() => events.Unsubscribe(subscriber);
    }
}
