using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting.Internal;
using Npgsql;
using Presenca.Data;
using Presenca.Data.Connexions.Secrets;
using Presenca.Data.Tenancy;
using Presenca.Web.Connexions.KeyRing;
using Presenca.Web.Hosting;
using Presenca.Web.Tests.Infrastructure;

namespace Presenca.Web.Tests.Connexions;

/// <summary>
/// Two organisations written as the owner: A has a network with two agencies and an independent
/// agency, B has a network. Plus a <see cref="PresencaDatabase"/> whose secrets go through the real
/// key ring (PostgreSQL, master key), as in the app.
/// </summary>
public sealed class ConnexionTenants : IAsyncLifetime
{
    public static readonly Guid OrganisationA = Guid.NewGuid();
    public static readonly Guid OrganisationB = Guid.NewGuid();
    public static readonly Guid ReseauA = Guid.NewGuid();
    public static readonly Guid AgenceA1 = Guid.NewGuid();
    public static readonly Guid AgenceA2 = Guid.NewGuid();
    public static readonly Guid IndependanteA = Guid.NewGuid();
    public static readonly Guid ReseauB = Guid.NewGuid();
    public static readonly Guid UserId = Guid.NewGuid();

    private ServiceProvider? _services;

    public TestDatabase Test { get; private set; } = null!;

    public PresencaDatabase Database { get; private set; } = null!;

    public static Caller Director => new(UserId, OrganisationA, ReseauA, UserRole.DirecteurReseau, ReseauA);

    public static Caller AgencyStaff => new(UserId, OrganisationA, AgenceA1, UserRole.CollaborateurAgence, ReseauA);

    public static Caller IndependentStaff => new(UserId, OrganisationA, IndependanteA, UserRole.CollaborateurAgence);

    public static Caller OtherDirector => new(UserId, OrganisationB, ReseauB, UserRole.DirecteurReseau, ReseauB);

    public async Task InitializeAsync()
    {
        Test = await TestDatabase.CreateAsync();
        await Test.ExecuteAsOwnerAsync($"""
            insert into organisations (organisation_id, organisation_nom) values ('{OrganisationA}', 'A'), ('{OrganisationB}', 'B');
            insert into reseaux (reseau_id, organisation_id, reseau_nom) values ('{ReseauA}', '{OrganisationA}', 'Réseau A'), ('{ReseauB}', '{OrganisationB}', 'Réseau B');
            insert into reseau_agence (reseau_agence_id, organisation_id, reseau_id, agence_nom)
              values ('{AgenceA1}', '{OrganisationA}', '{ReseauA}', 'Agence A1'), ('{AgenceA2}', '{OrganisationA}', '{ReseauA}', 'Agence A2');
            insert into agence_independante (agence_independante_id, organisation_id, agence_nom) values ('{IndependanteA}', '{OrganisationA}', 'Indépendante A');
            """);
        var configuration = new ConfigurationBuilder().Build();
        var collection = new ServiceCollection();
        collection.AddLogging();
        collection.AddPresencaKeyRing(configuration, new HostingEnvironment { EnvironmentName = "Testing" },
            new ConnectionStrings(Test.AppConnectionString, Test.OwnerConnectionString));
        _services = collection.BuildServiceProvider();
        Database = new PresencaDatabase(Test.AppConnectionString, _services.GetRequiredService<ISecretProtector>());
    }

    public async Task<List<string>> ReadColumnAsOwnerAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(Test.OwnerConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var values = new List<string>();
        while (await reader.ReadAsync())
        {
            // Invariant: numbers read as PostgreSQL writes them, whatever the process culture (fr-FR).
            values.Add(reader.IsDBNull(0) ? "" : Convert.ToString(reader.GetValue(0), System.Globalization.CultureInfo.InvariantCulture) ?? "");
        }

        return values;
    }

    public async Task DisposeAsync()
    {
        await Database.DisposeAsync();
        if (_services is not null)
        {
            await _services.DisposeAsync();
        }

        await Test.DisposeAsync();
    }
}
