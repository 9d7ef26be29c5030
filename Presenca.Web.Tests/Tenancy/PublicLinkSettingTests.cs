using Presenca.Web.Demo;
using Presenca.Web.Tests.Infrastructure;

namespace Presenca.Web.Tests.Tenancy;

/// <summary>An app started without <c>Presenca:PublicBaseUrl</c> says so instead of inventing a link.</summary>
public sealed class PublicLinkSettingTests(WithoutPublicAddressWebFactory factory) : IClassFixture<WithoutPublicAddressWebFactory>
{
    [Fact]
    public async Task Inviting_without_the_public_address_configured_says_which_setting_is_missing_and_creates_nothing()
    {
        await using var page = await SignedInPage.CreateAsync(factory, DemoAccounts.Admin.Email);

        var users = await AdministrationPagesTests.Invite(page, "Sans lien", "sans.lien@presenca.demo", "admin_presenca", null);

        Assert.Equal(
            "Le lien ne peut pas être créé : l'adresse publique de Presenca n'est pas configurée (paramètre Presenca:PublicBaseUrl). Rien n'a été créé.",
            users.FormError());
        Assert.Equal(0, await factory.Database.QueryAsOwnerAsync<long>("select count(*) from users where email = 'sans.lien@presenca.demo'"));
    }
}

/// <summary>The app with <c>Presenca:PublicBaseUrl</c> left empty.</summary>
public sealed class WithoutPublicAddressWebFactory : PresencaWebFactory
{
    protected override IReadOnlyDictionary<string, string?> ExtraSettings =>
        new Dictionary<string, string?> { ["Presenca:PublicBaseUrl"] = "" };
}
