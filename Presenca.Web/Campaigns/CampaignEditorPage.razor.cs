using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.EntityFrameworkCore;
using MudBlazor;
using Presenca.Data;
using Presenca.Data.Campaigns;
using Presenca.Data.Connexions;
using Presenca.Web.Campaigns.Pipeline;
using Presenca.Web.Connexions;
using Presenca.Web.Tenancy;

namespace Presenca.Web.Campaigns;

/// <summary>
/// The campaign editor. Saving, counting, scheduling and sending run over the circuit; the save
/// itself is <see cref="CampaignDrafts.SaveAsync"/>, which checks everything again on the server.
/// After a refused save the typed fields stay as typed.
/// </summary>
public sealed partial class CampaignEditorPage
{
    private static readonly (string Value, AudienceKind Kind)[] Audiences =
        [("tous", AudienceKind.Tous), ("organisations", AudienceKind.Organisations), ("recherche", AudienceKind.Recherche)];

    private EditContext _editContext = default!;
    private List<string> _problems = [];
    private int? _count;
    private bool _busy;
    private Guid? _chosenTemplate;
    private bool _loaded;
    private Guid? _loadedId;

    [Parameter]
    public Guid? Id { get; set; }

    [SupplyParameterFromQuery(Name = "modele")]
    public Guid? Modele { get; set; }

    /// <summary>What the prerender read (lists, hints, the initial form), handed to the circuit.</summary>
    [PersistentState]
    public CampaignEditorData? Data { get; set; }

    private CampaignInput Input { get; set; } = new();

    [Inject]
    private IDbContextFactory<PresencaDbContext> DbFactory { get; set; } = default!;

    [Inject]
    private CampaignStarter Starter { get; set; } = default!;

    [Inject]
    private CampaignTransports Transports { get; set; } = default!;

    [Inject]
    private NavigationManager Navigation { get; set; } = default!;

    [Inject]
    private IDialogService Dialogs { get; set; } = default!;

    [Inject]
    private ISnackbar Snackbar { get; set; } = default!;

    [Inject]
    private CallerSource Callers { get; set; } = default!;

    [Inject]
    private TimeProvider Clock { get; set; } = default!;

    protected override async Task OnParametersSetAsync()
    {
        if (_loaded && _loadedId == Id)
        {
            return;
        }

        if (_loaded)
        {
            // Another campaign in the same page instance (after "Dupliquer"): read it.
            Data = null;
            _problems = [];
            _count = null;
        }

        _loaded = true;
        _loadedId = Id;
        Data ??= await ReadAsync();
        if (Data is null)
        {
            Navigation.NotFound();
            return;
        }

        Input = Data.Initial ?? new CampaignInput();
        _editContext = new EditContext(Input);
    }

    private async Task<CampaignEditorData?> ReadAsync()
    {
        var caller = Callers.Current;
        await using var db = await DbFactory.CreateDbContextAsync();
        EmailCampaign? campaign = null;
        CampaignOwner? owner = null;
        if (Id is { } id)
        {
            campaign = await db.EmailCampaigns.AsNoTracking().SingleOrDefaultAsync(c => c.Id == id);
            if (campaign is null)
            {
                return null;
            }

            if (!campaign.IsEditable)
            {
                return CampaignEditorData.NotEditable(campaign.Status);
            }

            owner = new CampaignOwner(campaign.OrganisationId, campaign.ClientId, caller.UserId);
        }
        else if (caller is { ClientId: { } callerClient, OrganisationId: { } callerOrganisation })
        {
            owner = new CampaignOwner(callerOrganisation, callerClient, caller.UserId);
        }

        if (owner is null)
        {
            return CampaignEditorData.WithoutClient;
        }

        var templates = await db.EmailTemplates.AsNoTracking().Where(t => t.ClientId == owner.ClientId)
            .OrderBy(t => t.Name).Select(t => new CampaignOption(t.Id, t.Name)).ToListAsync();
        var organisations = await db.ContactOrganizations.AsNoTracking().Where(o => o.ClientId == owner.ClientId)
            .OrderBy(o => o.Name).Take(500).Select(o => new CampaignOption(o.Id, o.Name)).ToListAsync();
        var input = campaign is not null ? CampaignInput.From(campaign) : new CampaignInput();
        if (campaign is null && Modele is { } templateId)
        {
            await ApplyTemplateAsync(db, owner, input, templateId);
        }

        var effective = await EffectiveConnexion.ResolveAsync(db, Integration.Brevo, owner.ClientId);
        var connexion = effective.Connexion as BrevoConnexion;
        var route = Transports.Route(connexion, effective.Reason);
        var hint = (connexion, route) switch
        {
            (_, { Sandbox: true }) => $"{effective.Reason} {CampaignLabels.Simulation}",
            (null, { Refusal: { } refusal }) => refusal,
            ({ } own, { Refusal: { } refusal }) => $"Par défaut : {own.EmailCompte ?? "adresse non renseignée"} — {refusal}",
            ({ } own, _) => $"Par défaut : {own.EmailCompte ?? "adresse non renseignée"} — {effective.Reason}",
            _ => effective.Reason,
        };
        return new CampaignEditorData(null, owner, templates, organisations, hint, connexion?.EmailCompte, connexion?.NomCompte, input);
    }

    /// <summary>Only a template of the campaign's own client fills the form.</summary>
    private static async Task<bool> ApplyTemplateAsync(PresencaDbContext db, CampaignOwner owner, CampaignInput input, Guid templateId)
    {
        var template = await db.EmailTemplates.AsNoTracking().SingleOrDefaultAsync(t => t.Id == templateId && t.ClientId == owner.ClientId);
        if (template is null)
        {
            return false;
        }

        input.Name = template.Name;
        input.Subject = template.Subject;
        input.Content = template.Content;
        input.TemplateId = template.Id;
        return true;
    }

    /// <summary>An accepted AI draft fills the form; the warnings under it follow the form.</summary>
    private void AcceptDraft(Drafting.AcceptedDraft draft)
    {
        Input.Subject = draft.Subject;
        Input.Content = draft.Html;
    }

    private async Task UseTemplateAsync()
    {
        if (_busy || Data?.Owner is not { } owner)
        {
            return;
        }

        _busy = true;
        try
        {
            if (_chosenTemplate is not { } templateId)
            {
                Input.TemplateId = null;
                return;
            }

            await using var db = await DbFactory.CreateDbContextAsync();
            if (!await ApplyTemplateAsync(db, owner, Input, templateId))
            {
                Snackbar.Add("Ce modèle n'existe plus.", Severity.Warning);
            }
        }
        finally
        {
            _busy = false;
        }
    }

    private void ChooseOrganisations(IEnumerable<Guid>? chosen) => Input.Organisations = [.. chosen ?? []];

    private async Task RunAsync(string action)
    {
        if (_busy || Data?.Owner is not { } owner)
        {
            return;
        }

        _busy = true;
        try
        {
            _count = null;
            _problems = [];
            if (!_editContext.Validate())
            {
                return;
            }

            var now = Clock.GetUtcNow();
            await using var db = await DbFactory.CreateDbContextAsync();
            _problems = await CampaignDrafts.ProblemsAsync(db, owner, Input, action == "compter" ? "enregistrer" : action, now);
            if (_problems.Count > 0)
            {
                return;
            }

            var audience = new CampaignAudience(owner.ClientId, Input.AudienceKind, Input.ChosenOrganisations, Input.Search);
            if (action == "compter")
            {
                await db.Database.OpenConnectionAsync();
                _count = await audience.CountAsync(db, CancellationToken.None);
                return;
            }

            if (action == "envoyer")
            {
                var summary = await CampaignSendSummary.OfAsync(db, Transports, Input.Name.Trim(), isEditable: true, audience, string.IsNullOrWhiteSpace(Input.SenderEmail) ? null : Input.SenderEmail.Trim());
                await db.Database.CloseConnectionAsync();
                if (summary.Refusal is { } refusal)
                {
                    Snackbar.Add(refusal, Severity.Error);
                    return;
                }

                if (!await summary.ConfirmAsync(Dialogs))
                {
                    return;
                }
            }

            var save = await CampaignDrafts.SaveAsync(db, owner, Id, Input, action, now);
            if (save.CampaignId is not { } campaignId)
            {
                _problems = [.. save.Problems];
                return;
            }

            if (action == "envoyer")
            {
                var start = await Starter.StartAsync(campaignId, CancellationToken.None);
                Snackbar.Add(CampaignLabels.Outcome(start), start.Started ? Severity.Success : Severity.Error);
            }
            else
            {
                Snackbar.Add(action == "programmer" ? "Envoi programmé." : "Campagne enregistrée.", Severity.Success);
            }

            Navigation.NavigateTo($"/campagnes/{campaignId}");
        }
        finally
        {
            _busy = false;
        }
    }

    private async Task DuplicateAsync()
    {
        if (_busy || Id is not { } id)
        {
            return;
        }

        _busy = true;
        try
        {
            await using var db = await DbFactory.CreateDbContextAsync();
            if (await CampaignControls.DuplicateAsync(db, id, Callers.Current.UserId) is { } copy)
            {
                Snackbar.Add("Copie créée : adaptez-la puis envoyez-la.", Severity.Success);
                Navigation.NavigateTo($"/campagnes/{copy}/modifier");
            }
        }
        finally
        {
            _busy = false;
        }
    }
}

public sealed record CampaignOption(Guid Id, string Name);

/// <summary>What the editor reads once: who owns the campaign, the lists to choose from, the sender hint, the initial form.</summary>
public sealed record CampaignEditorData(
    EmailCampaignStatus? ReadOnlyStatus,
    CampaignOwner? Owner,
    IReadOnlyList<CampaignOption> Templates,
    IReadOnlyList<CampaignOption> Organisations,
    string SenderHint,
    string? SenderEmailPlaceholder,
    string? SenderNamePlaceholder,
    CampaignInput? Initial)
{
    public static CampaignEditorData NotEditable(EmailCampaignStatus status) => new(status, null, [], [], "", null, null, null);

    public static readonly CampaignEditorData WithoutClient = new(null, null, [], [], "", null, null, null);
}
