using Presenca.Data.Tenancy;

namespace Presenca.Web.Demo;

/// <summary>The demo's logins (printed by run.sh, listed in README.md, used by the browser tests).</summary>
public static class DemoAccounts
{
    public const string Password = "Presenca-demo-2026";

    public const string OrganisationNom = "Organisation Démo";
    public const string ReseauNom = "Réseau Démo";
    public const string AgenceNordNom = "Agence Lyon Nord";
    public const string AgenceSudNom = "Agence Marseille Sud";
    public const string AgenceIndependanteNom = "Agence Soleil";

    public static readonly DemoAccount Admin = new("admin@presenca.demo", "Alice Admin", UserRole.AdminPresenca);
    public static readonly DemoAccount Directeur = new("directeur@reseau-demo.fr", "Denis Directeur", UserRole.DirecteurReseau);
    public static readonly DemoAccount Collaborateur = new("agence.nord@reseau-demo.fr", "Chloé Collaboratrice", UserRole.CollaborateurAgence);
    public static readonly DemoAccount Independante = new("contact@agence-soleil.fr", "Inès Indépendante", UserRole.CollaborateurAgence);

    public static readonly IReadOnlyList<DemoAccount> All = [Admin, Directeur, Collaborateur, Independante];
}

public sealed record DemoAccount(string Email, string NomComplet, UserRole Role);
