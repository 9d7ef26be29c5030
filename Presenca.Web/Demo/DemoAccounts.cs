using Presenca.Data.Tenancy;

namespace Presenca.Web.Demo;

/// <summary>The demo's logins (printed by run.sh, listed in README.md, used by the browser tests).</summary>
public static class DemoAccounts
{
    public const string Password = "Presenca-demo-2026";

    public const string OrganisationNom = "Organisation Démo";

    /// <summary>
    /// Fixed, so that the sandbox recognises the demo: its simulated bounces and unsubscribes mark
    /// contacts of this organisation only (a demo seeded before this id existed keeps its own id,
    /// and its contacts are then left unmarked too).
    /// </summary>
    public static readonly Guid OrganisationId = Guid.Parse("00000000-0000-0000-0000-00000000de01");
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
