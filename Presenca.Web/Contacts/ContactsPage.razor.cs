using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using Presenca.Data;

namespace Presenca.Web.Contacts;

/// <summary>
/// The contacts list. Search, order and company live in the address (so a list can be shared and
/// the export follows it). The page reads the first page of a list (while prerendering, then
/// handed to the circuit instead of being read again); <see cref="ContactsGrid"/> shows it and
/// turns its keyset pages itself.
/// </summary>
public sealed partial class ContactsPage : IHandleEvent
{
    private ContactListQuery _query = new(null, null, null);
    // Never null: a text field given null answers with "" and the two would chase each other.
    private string _search = "";

    [Inject]
    private IDbContextFactory<PresencaDbContext> DbFactory { get; set; } = default!;

    [Inject]
    private NavigationManager Navigation { get; set; } = default!;

    [SupplyParameterFromQuery(Name = "q")]
    public string? Q { get; set; }

    [SupplyParameterFromQuery(Name = "organisation")]
    public Guid? Organisation { get; set; }

    [SupplyParameterFromQuery(Name = "tri")]
    public string? Tri { get; set; }

    /// <summary>The list's first page: loaded while prerendering, handed to the circuit.</summary>
    [PersistentState]
    public ContactsView? View { get; set; }

    protected override async Task OnParametersSetAsync()
    {
        var query = new ContactListQuery(string.IsNullOrWhiteSpace(Q) ? null : Q.Trim(), Organisation, Tri);
        _search = query.Search ?? "";
        _query = query;
        if (View is not null && View.Key == ContactsView.KeyOf(query))
        {
            // Received from the prerender, or the same list again.
            return;
        }

        await using var db = await DbFactory.CreateDbContextAsync();
        // The search's companies are looked up once, for this page, its count and the grid's next pages.
        _query = await query.ResolveAsync(db);
        View = await ReadFirstPageAsync(db, _query);
    }

    private async Task<ContactsView> ReadFirstPageAsync(PresencaDbContext db, ContactListQuery query)
    {
        string? organizationName = null;
        if (query.OrganizationId is { } organizationId)
        {
            organizationName = await db.ContactOrganizations.AsNoTracking().Where(o => o.Id == organizationId)
                .Select(o => o.Name).FirstOrDefaultAsync();
            if (organizationName is null)
            {
                // A company of another client, or none: the list answers 404 as a foreign contact does.
                Navigation.NotFound();
                return new ContactsView(ContactsView.KeyOf(query), [], false, false, 1, 0, false, null);
            }
        }

        var page = await query.PageAsync(db, null);
        var (total, capped) = await ContactsView.CountAsync(db, query, CancellationToken.None);
        return new ContactsView(ContactsView.KeyOf(query), page.Rows, page.HasPrevious, page.HasNext, 1, total, capped, organizationName);
    }

    // The search field and the order select answer their own parameters with change events that
    // change nothing: re-rendering the whole list for each would never stop. The page renders
    // after an event only when the router sets new parameters (GoToAsync).
    Task IHandleEvent.HandleEventAsync(EventCallbackWorkItem callback, object? arg) => callback.InvokeAsync(arg);

    private Task SearchAsync(string? search)
    {
        _search = search ?? "";
        return GoToAsync(_query with { Search = string.IsNullOrWhiteSpace(search) ? null : search.Trim() });
    }

    private Task SortAsync(string sort) => GoToAsync(_query with { Sort = sort });

    // The address holds the list's search and order; the router then sets the parameters again.
    private Task GoToAsync(ContactListQuery query)
    {
        if (ContactsView.KeyOf(query) != ContactsView.KeyOf(_query))
        {
            Navigation.NavigateTo(query.Url("/contacts"), replace: true);
        }

        return Task.CompletedTask;
    }
}
