using Presenca.Web.Tests.Infrastructure;

namespace Presenca.Web.Tests.Analytics;

/// <summary>The contacts per client that Aperçu and Analytique show (0010) follow every way contacts come and go.</summary>
public sealed class ContactCountersTests : IAsyncLifetime
{
    private const string Organisation = "00000000-0000-0000-0000-0000000000a0";
    private const string Reseau = "00000000-0000-0000-0000-0000000000a1";
    private const string Nord = "00000000-0000-0000-0000-0000000000a2";
    private const string Sud = "00000000-0000-0000-0000-0000000000a3";
    private TestDatabase _database = null!;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync();
        await _database.ExecuteAsOwnerAsync($"""
            insert into organisations (organisation_id, organisation_nom) values ('{Organisation}', 'Org');
            insert into reseaux (reseau_id, organisation_id, reseau_nom) values ('{Reseau}', '{Organisation}', 'Réseau');
            insert into reseau_agence (reseau_agence_id, organisation_id, reseau_id, agence_nom) values
              ('{Nord}', '{Organisation}', '{Reseau}', 'Nord'), ('{Sud}', '{Organisation}', '{Reseau}', 'Sud');
            insert into contacts (organisation_id, client_id, email)
              select '{Organisation}'::uuid, '{Nord}'::uuid, 'n' || i || '@x.fr' from generate_series(1, 4) i
              union all
              select '{Organisation}'::uuid, '{Sud}'::uuid, 's' || i || '@x.fr' from generate_series(1, 2) i;
            """);
    }

    public async Task DisposeAsync() => await _database.DisposeAsync();

    private Task<string> CountsAsync() => _database.QueryAsOwnerAsync<string>($"""
        select concat_ws(' ', 'nord=' || coalesce((select contacts from client_contact_counts where client_id = '{Nord}'), 0),
                              'sud=' || coalesce((select contacts from client_contact_counts where client_id = '{Sud}'), 0))
        """);

    [Fact]
    public async Task Counts_follow_inserts_edits_deletions_and_a_contact_moved_to_another_agency()
    {
        Assert.Equal("nord=4 sud=2", await CountsAsync());

        await _database.ExecuteAsOwnerAsync("update contacts set desinscrit = true where email like 'n%'");
        await _database.ExecuteAsOwnerAsync("delete from contacts where email = 'n1@x.fr'");
        Assert.Equal("nord=3 sud=2", await CountsAsync());

        await _database.ExecuteAsOwnerAsync($"update contacts set client_id = '{Sud}' where email = 'n2@x.fr'");
        Assert.Equal("nord=2 sud=3", await CountsAsync());
        Assert.Equal(5L, await _database.QueryAsOwnerAsync<long>("select sum(contacts) from client_contact_counts"));
    }

    [Fact]
    public async Task An_agency_deleted_with_its_contacts_leaves_no_count_behind()
    {
        await _database.ExecuteAsOwnerAsync($"delete from clients where client_id = '{Sud}'");

        Assert.Equal("nord=4 sud=0", await CountsAsync());
        Assert.Equal(0L, await _database.QueryAsOwnerAsync<long>($"select count(*) from client_contact_counts where client_id = '{Sud}'"));
    }
}
