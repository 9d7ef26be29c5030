using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.EntityFrameworkCore;
using MudBlazor;
using Presenca.Data;
using Presenca.Data.Campaigns;
using Presenca.Web.Campaigns.Templates;
using Presenca.Web.Tenancy;

namespace Presenca.Web.Campaigns;

/// <summary>A template, its preview for an example or a chosen contact, and its unknown merge fields. Runs over the circuit.</summary>
public sealed partial class TemplateEditorPage
{
    private EditContext _editContext = default!;
    private IReadOnlyList<string> _unknown = [];
    private bool _addsFooter;
    private RenderedEmail _preview = new("", "", "");
    private bool _busy;
    private bool _loaded;
    private Guid? _loadedId;

    [Parameter]
    public Guid? Id { get; set; }

    [PersistentState]
    public TemplateEditorData? Data { get; set; }

    private TemplateInput Input { get; set; } = new();

    [Inject]
    private IDbContextFactory<PresencaDbContext> DbFactory { get; set; } = default!;

    [Inject]
    private NavigationManager Navigation { get; set; } = default!;

    [Inject]
    private ISnackbar Snackbar { get; set; } = default!;

    [Inject]
    private CallerSource Callers { get; set; } = default!;

    [Inject]
    private Unsubscribe.UnsubscribeLinks UnsubscribeLinks { get; set; } = default!;

    protected override async Task OnParametersSetAsync()
    {
        if (_loaded && _loadedId == Id)
        {
            return;
        }

        if (_loaded)
        {
            Data = null;
        }

        _loaded = true;
        _loadedId = Id;
        Data ??= await ReadAsync();
        if (Data is null)
        {
            Navigation.NotFound();
            return;
        }

        Input = Data.Initial ?? new TemplateInput();
        _editContext = new EditContext(Input);
        await using var db = await DbFactory.CreateDbContextAsync();
        await RenderPreviewAsync(db);
    }

    private async Task<TemplateEditorData?> ReadAsync()
    {
        var caller = Callers.Current;
        await using var db = await DbFactory.CreateDbContextAsync();
        EmailTemplate? template = null;
        CampaignOwner? owner = null;
        if (Id is { } id)
        {
            template = await db.EmailTemplates.AsNoTracking().SingleOrDefaultAsync(t => t.Id == id);
            if (template is null)
            {
                return null;
            }

            owner = new CampaignOwner(template.OrganisationId, template.ClientId, caller.UserId);
        }
        else if (caller is { ClientId: { } clientId, OrganisationId: { } organisationId })
        {
            owner = new CampaignOwner(organisationId, clientId, caller.UserId);
        }

        if (owner is null)
        {
            return new TemplateEditorData(null, [], null);
        }

        var senderName = await db.Clients.AsNoTracking().Where(k => k.ClientId == owner.ClientId).Select(k => k.ClientNom).FirstOrDefaultAsync() ?? "";

        var input = template is null
            ? new TemplateInput { Subject = "Des nouvelles de notre agence", Content = "<p>Bonjour {{organisation}},</p>\n<p>…</p>\n<p>Cet e-mail a été envoyé à {{email}}.</p>" }
            : new TemplateInput { Name = template.Name, Subject = template.Subject, Content = template.Content };
        var contacts = await db.Contacts.AsNoTracking().Where(c => c.ClientId == owner.ClientId).OrderBy(c => c.Email).Take(100)
            .Select(c => new CampaignOption(c.Id, c.OrganizationName == null ? c.Email : c.Email + " — " + c.OrganizationName))
            .ToListAsync();
        return new TemplateEditorData(owner, contacts, input, senderName);
    }

    private async Task RenderPreviewAsync(PresencaDbContext db)
    {
        // Previewed as it will be sent: with the standard footer when the body has no link.
        var content = EmailContent.ForCampaign(Input.Subject ?? "", Input.Content ?? "", Data?.SenderName ?? "");
        _unknown = content.UnknownFields(MergeFieldValues.StandardFields);
        _addsFooter = content.AddsUnsubscribeFooter;
        var owner = Data?.Owner;
        // Only a contact of the template's own client may lend its values to the preview.
        var contact = Input.PreviewContact is { } contactId && owner is not null
            ? await db.Contacts.AsNoTracking().SingleOrDefaultAsync(c => c.Id == contactId && c.ClientId == owner.ClientId)
            : null;
        _preview = content.Render(contact is null
            ? MergeFieldValues.ForContact("prenom.nom@exemple.fr", "Exemple SARL", unsubscribeUrl: UnsubscribeLinks.Example)
            : MergeFieldValues.ForContact(contact.Email, contact.OrganizationName, unsubscribeUrl: UnsubscribeLinks.Example));
    }

    private async Task PreviewAsync()
    {
        if (_busy)
        {
            return;
        }

        _busy = true;
        try
        {
            await using var db = await DbFactory.CreateDbContextAsync();
            await RenderPreviewAsync(db);
        }
        finally
        {
            _busy = false;
        }
    }

    /// <summary>An accepted AI draft fills the form (not the saved template) and the preview.</summary>
    private async Task AcceptDraftAsync(Drafting.AcceptedDraft draft)
    {
        Input.Subject = draft.Subject;
        Input.Content = draft.Html;
        await PreviewAsync();
    }

    private async Task SaveAsync()
    {
        if (_busy || Data?.Owner is not { } owner || !_editContext.Validate())
        {
            return;
        }

        _busy = true;
        try
        {
            await using var db = await DbFactory.CreateDbContextAsync();
            EmailTemplate? template;
            if (Id is { } id)
            {
                template = await db.EmailTemplates.SingleOrDefaultAsync(t => t.Id == id && t.ClientId == owner.ClientId);
                if (template is null)
                {
                    Snackbar.Add("Ce modèle n'existe plus : rien n'a été enregistré.", Severity.Error);
                    return;
                }
            }
            else
            {
                template = new EmailTemplate { OrganisationId = owner.OrganisationId, ClientId = owner.ClientId, UserId = owner.UserId, Name = "", Subject = "", Content = "" };
                db.EmailTemplates.Add(template);
            }

            template.Name = Input.Name.Trim();
            template.Subject = Input.Subject.Trim();
            template.Content = Input.Content;
            await db.SaveChangesAsync();
            await RenderPreviewAsync(db);
            Snackbar.Add("Modèle enregistré.", Severity.Success);
            if (Id is null)
            {
                Navigation.NavigateTo($"/campagnes/modeles/{template.Id}");
            }
        }
        finally
        {
            _busy = false;
        }
    }
}

/// <summary>What the template editor reads once: its owner, the contacts for the preview, the initial form.</summary>
public sealed record TemplateEditorData(CampaignOwner? Owner, IReadOnlyList<CampaignOption> Contacts, TemplateInput? Initial, string SenderName = "");
