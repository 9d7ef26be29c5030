using System.Diagnostics;
using System.Globalization;
using Npgsql;
using Presenca.Web.Demo;

namespace Presenca.Bench.Grid;

/// <summary>
/// The tenant of the grid benchmark: Agence Lyon Nord of the demo topped up to exactly
/// <c>contacts</c> contacts over <c>companies</c> companies, inserted as the owner once the app has
/// migrated and seeded the demo. Rows go through the normal tables, so the statement trigger of
/// 0010 keeps client_contact_counts right, as an import would; <see cref="LoadAsync"/> checks it.
/// </summary>
public static class GridData
{
    private const int Slice = 100_000;

    // Names without accents, so lower() is the name key ContactText.OrganizationKey would give.
    private static string Setup(int companies) => string.Create(CultureInfo.InvariantCulture, $$"""
        create temporary table bench_client as
          select client_id, organisation_id from clients where client_nom = '{{DemoAccounts.AgenceNordNom.Replace("'", "''", StringComparison.Ordinal)}}';

        create temporary table bench_companies as
          select n, gen_random_uuid() as id,
                 kind || ' ' || family || ' ' || n as name,
                 lower(kind) || '-' || lower(family) || n || '.fr' as domain
          from (select n,
                       (array['Boulangerie', 'Garage', 'Cabinet', 'Pharmacie', 'Atelier', 'Agence', 'Studio', 'Hotel',
                              'Restaurant', 'Transports', 'Immobiliere', 'Menuiserie', 'Imprimerie', 'Conseil', 'Clinique', 'Librairie'])[1 + n % 16] as kind,
                       (array['Martin', 'Bernard', 'Dubois', 'Thomas', 'Robert', 'Richard', 'Petit', 'Durand', 'Leroy', 'Moreau',
                              'Simon', 'Laurent', 'Lefebvre', 'Michel', 'Garcia', 'David', 'Bertrand', 'Roux', 'Vincent', 'Fournier',
                              'Morel', 'Girard', 'Andre', 'Mercier', 'Dupont', 'Lambert', 'Bonnet', 'Francois', 'Martinez', 'Legrand'])[1 + (n / 16) % 30] as family
                from generate_series(1, {{companies}}) n) s;
        create unique index on bench_companies (n);

        insert into contact_organizations (id, organisation_id, client_id, name, name_key)
          select b.id, k.organisation_id, k.client_id, b.name, lower(b.name) from bench_companies b, bench_client k;
        """);

    // One slice of contacts, numbers first to last: one in twenty without a company, one in 53
    // unsubscribed, added over three years; each company gets about as many contacts as the next.
    private static string Contacts(long first, long last, int companies) => string.Create(CultureInfo.InvariantCulture, $$"""
        insert into contacts (organisation_id, client_id, email, organization_id, organization_name, desinscrit, desinscrit_at, created_at, updated_at)
        select k.organisation_id, k.client_id,
               (array['camille', 'louis', 'lea', 'hugo', 'chloe', 'lucas', 'manon', 'jules', 'ines', 'arthur', 'emma', 'paul', 'zoe',
                      'nathan', 'sarah', 'adam', 'alice', 'gabriel', 'jade', 'raphael', 'louise', 'leo', 'ambre', 'noah', 'rose',
                      'tom', 'anna', 'ethan', 'mila', 'victor', 'julia', 'maxime', 'lina', 'theo', 'clara', 'sacha', 'eva', 'mathis',
                      'nina', 'yanis'])[1 + i % 40]
                 || '.' || (array['martin', 'bernard', 'dubois', 'thomas', 'robert', 'richard', 'petit', 'durand', 'leroy', 'moreau',
                      'simon', 'laurent', 'lefebvre', 'michel', 'garcia', 'david', 'bertrand', 'roux', 'vincent', 'fournier',
                      'morel', 'girard', 'andre', 'mercier', 'dupont', 'lambert', 'bonnet', 'francois', 'martinez', 'legrand',
                      'garnier', 'faure', 'rousseau', 'blanc', 'guerin', 'muller', 'henry', 'roussel', 'nicolas', 'perrin',
                      'morin', 'mathieu', 'clement', 'gauthier', 'dumont', 'lopez', 'fontaine', 'chevalier', 'robin', 'masson'])[1 + (i / 40) % 50]
                 || i || '@' || coalesce(b.domain, (array['gmail.com', 'orange.fr', 'free.fr'])[1 + i % 3]),
               b.id, b.name,
               i % 53 = 7, case when i % 53 = 7 then now() - make_interval(days => i % 300) end,
               now() - make_interval(secs => (i::bigint * 7919) % (3 * 365 * 86400)),
               now()
        from bench_client k
        cross join generate_series({{first}}, {{last}}) i
        left join bench_companies b on i % 20 <> 0 and b.n = 1 + (i::bigint * 7919) % {{companies}}
        """);

    /// <summary>Loads the tenant and returns its contacts, as counted and as the 0010 counter says.</summary>
    public static async Task<(long Contacts, long Counted, long Companies)> LoadAsync(string ownerConnectionString, int contacts, int companies)
    {
        await using var owner = new NpgsqlConnection(ownerConnectionString);
        await owner.OpenAsync();
        var clock = Stopwatch.StartNew();
        await ExecuteAsync(owner, Setup(companies));
        var existing = await ScalarAsync(owner, "select count(*) from contacts where client_id = (select client_id from bench_client)");
        for (var first = 1L; first <= contacts - existing; first += Slice)
        {
            var last = Math.Min(first + Slice - 1, contacts - existing);
            await ExecuteAsync(owner, Contacts(first, last, companies));
            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {existing + last:N0} contacts ({clock.Elapsed.TotalSeconds:0} s)"));
        }

        // As autovacuum would have left a settled tenant: statistics, and a visibility map for index-only scans.
        await ExecuteAsync(owner, "vacuum analyze contacts, contact_organizations, client_contact_counts");
        var counted = await ScalarAsync(owner, "select count(*) from contacts where client_id = (select client_id from bench_client)");
        var counter = await ScalarAsync(owner, "select coalesce(sum(contacts), 0) from client_contact_counts where client_id = (select client_id from bench_client)");
        var companyCount = await ScalarAsync(owner, "select count(*) from contact_organizations where client_id = (select client_id from bench_client)");
        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Loaded in {clock.Elapsed.TotalSeconds:0} s"));
        return (counted, counter, companyCount);
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 0 };
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<long> ScalarAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 0 };
        return Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }
}
