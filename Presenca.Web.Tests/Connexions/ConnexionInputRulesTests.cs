using Presenca.Data.Connexions;
using Presenca.Web.Connexions;

namespace Presenca.Web.Tests.Connexions;

/// <summary>The field rules of the connexion forms, without a browser or a database.</summary>
public sealed class ConnexionInputRulesTests
{
    [Theory]
    [InlineData("contact@agence")]
    [InlineData("contact agence@exemple.fr")]
    [InlineData("@exemple.fr")]
    [InlineData("contact@exemple.")]
    [InlineData("Contact <contact@exemple.fr>")]
    public void Malformed_account_email_is_refused(string email)
    {
        var errors = ConnexionInputRules.Validate(new ConnexionInput { EmailCompte = email }, Integration.Brevo, null);
        Assert.StartsWith("Adresse e-mail invalide", errors[nameof(ConnexionInput.EmailCompte)]);
    }

    [Fact]
    public void French_amounts_and_spaced_numbers_are_understood()
    {
        var input = new ConnexionInput { LimiteQuotidienne = "10 000", LimiteCoutMois = "49,90", ModelesAutorises = "gpt-4o-mini; gpt-4o" };
        Assert.Empty(ConnexionInputRules.Validate(input, Integration.Openai, null));

        var connexion = new OpenaiConnexion();
        ConnexionInputRules.Apply(input, connexion, isNetwork: false);
        Assert.Equal(10_000, connexion.LimiteQuotidienne);
        Assert.Equal(49.90m, connexion.LimiteCoutMois);
        Assert.Equal(["gpt-4o-mini", "gpt-4o"], connexion.ModelesAutorises);
    }

    [Fact]
    public void An_agency_cannot_share_its_connexion_and_a_blank_key_keeps_the_stored_one()
    {
        var connexion = new BrevoConnexion { ApiKey = "xkeysib-stored-key-1234" };
        ConnexionInputRules.Apply(new ConnexionInput { Actif = true, PartageAgences = true, NouvelleCle = "  " }, connexion, isNetwork: false);
        Assert.False(connexion.PartageAgences);
        Assert.Equal("xkeysib-stored-key-1234", connexion.ApiKey);
    }

    [Fact]
    public void An_inactive_connexion_may_be_saved_without_a_key()
    {
        Assert.Empty(ConnexionInputRules.Validate(new ConnexionInput { Actif = false }, Integration.Instagram, null));
        Assert.Equal("Une connexion active a besoin de son jeton d'accès : renseignez ce champ, ou décochez « Active ».",
            ConnexionInputRules.Validate(new ConnexionInput { Actif = true }, Integration.Instagram, null)[nameof(ConnexionInput.NouvelleCle)]);
    }

    [Theory]
    [InlineData(null, "Aucune")]
    [InlineData("short", "••••")]
    [InlineData("xkeysib-0123456789-a1b2", "••••a1b2")]
    public void Masked_secret_shows_at_most_its_last_four_characters(string? secret, string shown) =>
        Assert.Equal(shown, SecretMask.Of(secret));
}
