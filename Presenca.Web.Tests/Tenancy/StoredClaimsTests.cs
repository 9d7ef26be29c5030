using System.Net;
using Presenca.Web.Demo;
using Presenca.Web.Tests.Infrastructure;

namespace Presenca.Web.Tests.Tenancy;

/// <summary>The caller's role and tenant come from the users row, never from stored user claims.</summary>
public sealed class StoredClaimsTests(PresencaWebFactory factory) : IClassFixture<PresencaWebFactory>
{
    [Fact]
    public async Task A_role_claim_stored_for_agency_staff_does_not_make_them_admin()
    {
        _ = factory.Server; // starts the app, which seeds the demo users
        await factory.Database.ExecuteAsOwnerAsync($"""
            insert into user_claims (user_id, claim_type, claim_value)
            select id, 'http://schemas.microsoft.com/ws/2008/06/identity/claims/role', 'admin_presenca'
            from users where email = '{DemoAccounts.Collaborateur.Email}';
            insert into user_claims (user_id, claim_type, claim_value)
            select u.id, 'presenca:organisation_id', gen_random_uuid()::text
            from users u where email = '{DemoAccounts.Collaborateur.Email}'
            """);
        Assert.Equal(2, await factory.Database.QueryAsOwnerAsync<long>("select count(*) from user_claims"));
        var client = await SignedInClient.SignInAsync(factory, DemoAccounts.Collaborateur.Email);

        var administration = await client.GetAsync("/administration/organisations");
        var home = await client.GetAsync("/");

        Assert.Equal(HttpStatusCode.Forbidden, administration.StatusCode);
        Assert.Equal(HttpStatusCode.OK, home.StatusCode);
        // The role shown is the row's: agency staff get no administration link.
        Assert.DoesNotContain("data-testid=\"nav-administration\"", await home.Content.ReadAsStringAsync());
    }
}
