using Presenca.Data.Tenancy;

namespace Presenca.Web.Tenancy;

/// <summary>The French names users read for roles and kinds of client.</summary>
public static class RoleLabels
{
    public static string Of(UserRole? role) => role switch
    {
        UserRole.AdminPresenca => "Admin Presenca",
        UserRole.DirecteurReseau => "Directeur de réseau",
        UserRole.CollaborateurAgence => "Collaborateur d'agence",
        _ => "",
    };

    public static string Of(ClientType type) => type switch
    {
        ClientType.Reseau => "Réseau",
        ClientType.ReseauAgence => "Agence du réseau",
        ClientType.AgenceIndependante => "Agence indépendante",
        _ => "",
    };
}
