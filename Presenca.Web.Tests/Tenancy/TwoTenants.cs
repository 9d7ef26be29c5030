using Npgsql;
using Presenca.Data.Tenancy;
using Presenca.Web.Tests.Infrastructure;

namespace Presenca.Web.Tests.Tenancy;

/// <summary>
/// Two organisations with the same shape (a network, one of its agencies, an independent agency,
/// a director and an agency collaborator each), written by the owner role straight in SQL so the
/// tests that use them do not depend on the code they check.
/// </summary>
public sealed record TwoTenants(TwoTenants.Tenant A, TwoTenants.Tenant B)
{
    public sealed record Tenant(
        Guid OrganisationId, Guid ReseauId, Guid AgenceId, Guid IndependanteId, Guid DirecteurId, Guid CollaborateurId, string Name)
    {
        public Caller Directeur => new(DirecteurId, OrganisationId, ReseauId, UserRole.DirecteurReseau, ReseauId);

        public Caller Collaborateur => new(CollaborateurId, OrganisationId, AgenceId, UserRole.CollaborateurAgence, ReseauId);

        public string DirecteurEmail => $"directeur@{Name}.test";
    }

    public static async Task<TwoTenants> CreateAsync(TestDatabase database)
    {
        var tenants = new TwoTenants(NewTenant("tenant-a"), NewTenant("tenant-b"));
        await using var connection = new NpgsqlConnection(database.OwnerConnectionString);
        await connection.OpenAsync();
        foreach (var tenant in new[] { tenants.A, tenants.B })
        {
            await InsertAsync(connection, tenant);
        }

        return tenants;
    }

    private static Tenant NewTenant(string name) =>
        new(Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), name);

    private static async Task InsertAsync(NpgsqlConnection connection, Tenant t)
    {
        await using var command = new NpgsqlCommand("""
            insert into organisations (organisation_id, organisation_nom) values (@org, @name);
            insert into reseaux (reseau_id, organisation_id, reseau_nom) values (@reseau, @org, @name || ' réseau');
            insert into reseau_agence (reseau_agence_id, organisation_id, reseau_id, agence_nom) values (@agence, @org, @reseau, @name || ' agence');
            insert into agence_independante (agence_independante_id, organisation_id, agence_nom) values (@independante, @org, @name || ' indépendante');
            insert into users (id, nom_complet, organisation_id, client_id, role, user_name, normalized_user_name, email, normalized_email,
                               email_confirmed, phone_number_confirmed, two_factor_enabled, lockout_enabled, access_failed_count, security_stamp)
            values (@directeur, 'Directeur ' || @name, @org, @reseau, 'directeur_reseau', 'directeur@' || @name || '.test', upper('directeur@' || @name || '.test'),
                    'directeur@' || @name || '.test', upper('directeur@' || @name || '.test'), true, false, false, true, 0, 'stamp'),
                   (@collaborateur, 'Collaborateur ' || @name, @org, @agence, 'collaborateur_agence', 'agence@' || @name || '.test', upper('agence@' || @name || '.test'),
                    'agence@' || @name || '.test', upper('agence@' || @name || '.test'), true, false, false, true, 0, 'stamp');
            """, connection);
        command.Parameters.AddWithValue("org", t.OrganisationId);
        command.Parameters.AddWithValue("reseau", t.ReseauId);
        command.Parameters.AddWithValue("agence", t.AgenceId);
        command.Parameters.AddWithValue("independante", t.IndependanteId);
        command.Parameters.AddWithValue("directeur", t.DirecteurId);
        command.Parameters.AddWithValue("collaborateur", t.CollaborateurId);
        command.Parameters.AddWithValue("name", t.Name);

        await command.ExecuteNonQueryAsync();
    }
}
