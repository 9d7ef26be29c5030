using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using MudBlazor;
using Presenca.Data;

namespace Presenca.Web.Contacts;

/// <summary>One contact: its details, désinscription and deletion (after a confirmation).</summary>
public sealed partial class ContactDetailPage
{
    private bool _busy;

    [Inject]
    private IDbContextFactory<PresencaDbContext> DbFactory { get; set; } = default!;

    [Inject]
    private NavigationManager Navigation { get; set; } = default!;

    [Inject]
    private IDialogService Dialogs { get; set; } = default!;

    [Inject]
    private ISnackbar Snackbar { get; set; } = default!;

    [Parameter]
    public Guid Id { get; set; }

    /// <summary>The contact as shown: read while prerendering, handed to the circuit.</summary>
    [PersistentState]
    public ContactDetail? Detail { get; set; }

    protected override async Task OnParametersSetAsync()
    {
        if (Detail?.Id == Id)
        {
            return;
        }

        Detail = await ReadAsync();
        if (Detail is null)
        {
            Navigation.NotFound();
        }
    }

    private async Task<ContactDetail?> ReadAsync()
    {
        await using var db = await DbFactory.CreateDbContextAsync();
        return await db.Contacts.AsNoTracking().Where(c => c.Id == Id)
            .Select(c => new ContactDetail(c.Id, c.Email, c.OrganizationId, c.OrganizationName, c.CreatedAt, c.ImportId,
                db.ContactImports.Where(i => i.Id == c.ImportId).Select(i => i.FileName).FirstOrDefault(),
                c.Desinscrit, c.DesinscritAt, c.HardBounced,
                db.EmailCampaigns.Where(m => m.Id == c.DesinscritCampaignId).Select(m => m.Name).FirstOrDefault()))
            .FirstOrDefaultAsync();
    }

    private async Task ToggleDesinscritAsync()
    {
        if (_busy || Detail is null)
        {
            return;
        }

        _busy = true;
        try
        {
            var desinscrit = !Detail.Desinscrit;
            await using (var db = await DbFactory.CreateDbContextAsync())
            {
                var contact = await db.Contacts.FirstOrDefaultAsync(c => c.Id == Id);
                if (contact is null)
                {
                    Snackbar.Add("Ce contact n'existe plus.", Severity.Error);
                    Navigation.NavigateTo("/contacts");
                    return;
                }

                if (contact.Desinscrit != desinscrit)
                {
                    contact.Desinscrit = desinscrit;
                    contact.DesinscritAt = desinscrit ? DateTimeOffset.UtcNow : null;
                    // Staff's decision, not a campaign's link.
                    contact.DesinscritCampaignId = null;
                    await db.SaveChangesAsync();
                }
            }

            Detail = await ReadAsync();
            Snackbar.Add(desinscrit ? "Le contact est désinscrit : les campagnes ne lui seront plus envoyées." : "Le contact est réinscrit aux campagnes.", Severity.Success);
        }
        finally
        {
            _busy = false;
        }
    }

    private async Task DeleteAsync()
    {
        if (_busy || Detail is null)
        {
            return;
        }

        var confirmed = await Dialogs.ShowMessageBoxAsync(
            "Supprimer ce contact ?",
            $"Le contact {Detail.Email} sera supprimé définitivement. Cette action ne peut pas être annulée. Pour qu'il ne reçoive simplement plus vos campagnes, marquez-le plutôt comme désinscrit.",
            yesText: "Supprimer définitivement", cancelText: "Annuler");
        if (confirmed != true)
        {
            return;
        }

        _busy = true;
        try
        {
            await using var db = await DbFactory.CreateDbContextAsync();
            var deleted = await db.Contacts.Where(c => c.Id == Id).ExecuteDeleteAsync();
            Snackbar.Add(deleted == 0 ? "Ce contact n'existait déjà plus." : "Le contact a été supprimé.", deleted == 0 ? Severity.Warning : Severity.Success);
            Navigation.NavigateTo("/contacts");
        }
        finally
        {
            _busy = false;
        }
    }
}

/// <summary>A contact as its page shows it.</summary>
public sealed record ContactDetail(
    Guid Id, string Email, Guid? OrganizationId, string? OrganizationName, DateTimeOffset CreatedAt, Guid? ImportId, string? ImportFileName,
    bool Desinscrit, DateTimeOffset? DesinscritAt, bool HardBounced, string? DesinscritCampaignName = null);
