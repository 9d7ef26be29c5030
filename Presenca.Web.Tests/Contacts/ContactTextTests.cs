using Presenca.Web.Contacts;

namespace Presenca.Web.Tests.Contacts;

public sealed class ContactTextTests
{
    [Theory]
    [InlineData("  Jean.Dupont@Exemple.FR ", "Jean.Dupont@exemple.fr")]
    [InlineData("a+tag@sous.domaine.fr", "a+tag@sous.domaine.fr")]
    public void A_valid_address_is_trimmed_and_its_domain_lower_cased(string raw, string expected)
    {
        Assert.Equal(expected, ContactText.NormaliseEmail(raw, out var problem));
        Assert.Null(problem);
    }

    [Theory]
    [InlineData("", "Adresse e-mail manquante")]
    [InlineData("jean dupont@exemple.fr", "L'adresse contient un espace")]
    [InlineData("jean.exemple.fr", "Il manque le @")]
    [InlineData("a@b@exemple.fr", "L'adresse contient plusieurs @")]
    [InlineData("jean@exemple", "Le domaine n'a pas de point (ex. : exemple.fr)")]
    [InlineData("@exemple.fr", "Rien avant le @")]
    [InlineData("jean..d@exemple.fr", "Point mal placé avant le @")]
    [InlineData("jean@exemple..fr", "Point mal placé dans le domaine")]
    [InlineData("jean@-exemple.fr", "Domaine invalide")]
    public void An_invalid_address_is_refused_with_a_french_reason(string raw, string reason)
    {
        Assert.Null(ContactText.NormaliseEmail(raw, out var problem));
        Assert.Equal(reason, problem);
    }

    [Fact]
    public void Addresses_longer_than_rfc_5321_allows_are_refused()
    {
        Assert.Null(ContactText.NormaliseEmail(new string('a', 65) + "@exemple.fr", out var local));
        Assert.Equal("Partie avant le @ trop longue (plus de 64 caractères)", local);
        Assert.Null(ContactText.NormaliseEmail("a@" + string.Join('.', Enumerable.Repeat(new string('b', 60), 5)) + ".fr", out var total));
        Assert.Equal("Adresse trop longue (plus de 254 caractères)", total);
    }

    [Fact]
    public void Company_names_differing_by_case_accents_or_spaces_share_a_key()
    {
        Assert.Equal(ContactText.OrganizationKey("Société  Générale "), ContactText.OrganizationKey(" societe GENERALE"));
        Assert.NotEqual(ContactText.OrganizationKey("Société Générale"), ContactText.OrganizationKey("Société Général"));
        Assert.Equal("Société Générale", ContactText.CleanName("  Société   Générale "));
    }
}
