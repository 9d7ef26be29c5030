using System.Collections.Concurrent;
using System.Data.Common;
using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Presenca.Web.Tests.Infrastructure;

/// <summary>
/// Counts the SQL commands that EF Core starts anywhere in this process with a parameter equal to
/// a given value (a campaign id, say), so that a test can tell how often a page read its row,
/// whichever of the app's scopes or circuits read it. Other tests running meanwhile do not use the
/// value, so they do not count.
/// </summary>
public sealed class SqlCommandLog : IObserver<DiagnosticListener>, IObserver<KeyValuePair<string, object?>>, IDisposable
{
    private readonly object _value;
    private readonly IDisposable _listeners;
    private readonly ConcurrentBag<IDisposable> _subscriptions = [];
    private int _count;

    private SqlCommandLog(object value)
    {
        _value = value;
        _listeners = DiagnosticListener.AllListeners.Subscribe(this);
    }

    public static SqlCommandLog WithParameter(object value) => new(value);

    /// <summary>Commands started so far with the value among their parameters.</summary>
    public int Count => Volatile.Read(ref _count);

    public void OnNext(DiagnosticListener listener)
    {
        if (listener.Name == DbLoggerCategory.Name)
        {
            _subscriptions.Add(listener.Subscribe(this, name => name == RelationalEventId.CommandExecuting.Name));
        }
    }

    public void OnNext(KeyValuePair<string, object?> diagnostic)
    {
        if (diagnostic.Value is CommandEventData { Command: var command } && Carries(command))
        {
            Interlocked.Increment(ref _count);
        }
    }

    private bool Carries(DbCommand command) =>
        command.Parameters.Cast<DbParameter>().Any(p => Equals(p.Value, _value));

    public void OnCompleted()
    {
    }

    public void OnError(Exception error)
    {
    }

    public void Dispose()
    {
        _listeners.Dispose();
        foreach (var subscription in _subscriptions)
        {
            subscription.Dispose();
        }
    }
}
