using Presenca.Data.Tenancy;
using Presenca.Web.Overview;

namespace Presenca.Web.Tests.Analytics;

/// <summary>
/// Aperçu's shared reads: loads of the same clients at the same moment share one read, but never
/// one that began before they asked, and never across clients, organisations or roles.
/// </summary>
public sealed class OverviewSharedReadsTests
{
    private static readonly Guid Organisation = Guid.NewGuid();
    private static readonly Caller Nord = new(Guid.NewGuid(), Organisation, Guid.NewGuid(), UserRole.CollaborateurAgence);
    private static readonly Caller NordColleague = Nord with { UserId = Guid.NewGuid() };
    private static readonly Caller Sud = new(Guid.NewGuid(), Organisation, Guid.NewGuid(), UserRole.CollaborateurAgence);
    private static readonly Caller NordDirector = Nord with { UserId = Guid.NewGuid(), Role = UserRole.DirecteurReseau };

    [Fact]
    public async Task A_load_arriving_during_a_read_gets_the_next_read_shared_with_the_others_that_arrived_meanwhile()
    {
        var reads = new SharedReads();
        var first = new TaskCompletionSource();
        var readsStarted = 0;
        var figures = 0;
        async Task<string> Read()
        {
            // What the database holds when the read begins is what it answers.
            var n = Interlocked.Increment(ref readsStarted);
            var seen = Volatile.Read(ref figures);
            if (n == 1)
            {
                await first.Task;
            }

            return $"lecture {n}, {seen} campagnes";
        }

        var running = reads.ReadAsync("aperçu", Nord, Read);
        // A campaign is created while the first read runs; whoever loads now must see it.
        Interlocked.Exchange(ref figures, 1);
        var later = reads.ReadAsync("aperçu", Nord, Read);
        var colleague = reads.ReadAsync("aperçu", NordColleague, Read);
        Assert.False(later.IsCompleted);
        first.SetResult();

        Assert.Equal("lecture 1, 0 campagnes", await running);
        Assert.Equal("lecture 2, 1 campagnes", await later);
        Assert.Equal("lecture 2, 1 campagnes", await colleague);
        Assert.Equal(2, readsStarted);
    }

    [Fact]
    public async Task Another_client_or_role_never_shares_a_read()
    {
        var reads = new SharedReads();
        var nordGate = new TaskCompletionSource();
        async Task<string> ReadAs(string who, Task gate)
        {
            await gate;
            return who;
        }

        var nord = reads.ReadAsync("aperçu", Nord, () => ReadAs("Nord", nordGate.Task));
        // Nord's read is still running: Sud and Nord's director each get their own read at once.
        Assert.Equal("Sud", await reads.ReadAsync("aperçu", Sud, () => ReadAs("Sud", Task.CompletedTask)));
        Assert.Equal("Directeur", await reads.ReadAsync("aperçu", NordDirector, () => ReadAs("Directeur", Task.CompletedTask)));
        Assert.Equal("Autre question", await reads.ReadAsync("alertes", Nord, () => ReadAs("Autre question", Task.CompletedTask)));
        Assert.False(nord.IsCompleted);
        nordGate.SetResult();
        Assert.Equal("Nord", await nord);
    }

    [Fact]
    public async Task A_failed_read_fails_its_loads_and_the_next_load_reads_again()
    {
        var reads = new SharedReads();
        var attempts = 0;
        Task<string> Read() => Interlocked.Increment(ref attempts) == 1
            ? Task.FromException<string>(new InvalidOperationException("base indisponible"))
            : Task.FromResult("lecture");

        await Assert.ThrowsAsync<InvalidOperationException>(() => reads.ReadAsync("aperçu", Nord, Read));
        Assert.Equal("lecture", await reads.ReadAsync("aperçu", Nord, Read));
    }
}
