using Presenca.Data;
using Presenca.Data.Contacts;
using Presenca.Web.Contacts;

namespace Presenca.Web.Demo;

/// <summary>A few hundred believable contacts in a few companies, so the Contacts page has something to show.</summary>
internal static class DemoContacts
{
    private static readonly string[] FirstNames = ["camille", "louis", "lea", "hugo", "chloe", "lucas", "manon", "jules", "ines", "arthur", "emma", "paul", "zoe", "nathan", "sarah"];
    private static readonly string[] LastNames = ["martin", "bernard", "dubois", "thomas", "robert", "richard", "petit", "durand", "leroy", "moreau", "simon", "laurent", "lefebvre", "michel"];

    public static void Add(PresencaDbContext db, Guid organisationId, Guid clientId, IReadOnlyList<(string Name, string Domain)> companies, int count)
    {
        var organizations = companies.Select(c => new ContactOrganization
        {
            Id = Guid.NewGuid(),
            OrganisationId = organisationId,
            ClientId = clientId,
            Name = c.Name,
            NameKey = ContactText.OrganizationKey(c.Name),
        }).ToList();
        db.ContactOrganizations.AddRange(organizations);
        for (var i = 0; i < count; i++)
        {
            var company = i % (companies.Count + 1);
            var first = FirstNames[i % FirstNames.Length];
            var last = LastNames[i / FirstNames.Length % LastNames.Length];
            var withCompany = company < companies.Count;
            db.Contacts.Add(new Contact
            {
                OrganisationId = organisationId,
                ClientId = clientId,
                Email = $"{first}.{last}{i / (FirstNames.Length * LastNames.Length) + 1}@{(withCompany ? companies[company].Domain : "gmail.com")}",
                OrganizationId = withCompany ? organizations[company].Id : null,
                OrganizationName = withCompany ? organizations[company].Name : null,
                Desinscrit = i % 37 == 5,
                DesinscritAt = i % 37 == 5 ? DateTimeOffset.UtcNow : null,
            });
        }
    }
}
