using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using MudBlazor;
using Presenca.Data.Identity;
using Presenca.Data.Modeling;
using Presenca.Data.Tenancy;

namespace Presenca.Web.Administration;

public partial class UsersPage
{
    private readonly DateTimeOffset _now = DateTimeOffset.UtcNow;
    private MudTable<UserRow>? _table;
    private string? _invited;
    private string? _link;
    private string? _error;
    private bool _busy;

    /// <summary>The networks and agencies users may be attached to, read while prerendering and handed to the circuit.</summary>
    [PersistentState]
    public List<UserInvitations.ClientChoice>? Clients { get; set; }

    private InviteInput Input { get; set; } = new();

    private UserRole[] Roles => Callers.Current.IsAdmin ? Enum.GetValues<UserRole>() : [UserRole.DirecteurReseau, UserRole.CollaborateurAgence];

    protected override async Task OnInitializedAsync()
    {
        Clients ??= await Identity.RunAsync(services => services.GetRequiredService<UserInvitations>().ClientChoicesAsync());
    }

    private async Task InviteAsync()
    {
        if (_busy)
        {
            return;
        }

        _busy = true;
        try
        {
            var invitation = new UserInvitations.Invitation(Input.NomComplet.Trim(), Input.Email.Trim(), Input.Role, Input.ClientId);
            var caller = Callers.Current;
            var result = await Identity.RunAsync(services => services.GetRequiredService<UserInvitations>().InviteAsync(invitation, caller));
            if (result.Error is not null)
            {
                // What was typed stays in the form, to be corrected.
                _error = result.Error;
                return;
            }

            _error = null;
            (_invited, _link) = (result.User!.NomComplet, result.Link);
            Snackbar.Add($"{_invited} est invité(e).", Severity.Success);
            Input = new();
            if (_table is not null)
            {
                await _table.ReloadServerData();
            }
        }
        finally
        {
            _busy = false;
        }
    }

    private async Task<TableData<UserRow>> LoadAsync(TableState state, CancellationToken cancellation)
    {
        await using var db = await Contexts.CreateDbContextAsync(cancellation);
        var query = db.Users.AsNoTracking().Select(u => new
        {
            User = u,
            Client = db.Clients.Where(c => c.ClientId == u.ClientId).Select(c => c.ClientNom).FirstOrDefault(),
        });
        var total = await query.CountAsync(cancellation);
        var descending = state.SortDirection == SortDirection.Descending;
        var ordered = state.SortLabel switch
        {
            "email" => descending ? query.OrderByDescending(r => r.User.NormalizedEmail) : query.OrderBy(r => r.User.NormalizedEmail),
            "role" => (descending ? query.OrderByDescending(r => r.User.Role) : query.OrderBy(r => r.User.Role)).ThenBy(r => r.User.NomComplet),
            _ => descending ? query.OrderByDescending(r => r.User.NomComplet) : query.OrderBy(r => r.User.NomComplet),
        };
        var rows = (await ordered.ThenBy(r => r.User.Id).Skip(state.Page * state.PageSize).Take(state.PageSize).ToListAsync(cancellation))
            .Select(r => new UserRow(r.User.Id, r.User.NomComplet, r.User.Email ?? "", r.User.Role, r.Client, AdministrationLabels.Status(r.User, _now)))
            .ToList();
        return new TableData<UserRow> { TotalItems = total, Items = rows };
    }

    private static string RoleText(UserRole role) => SnakeCaseEnumConverter<UserRole>.ToText(role);

    private sealed record UserRow(Guid Id, string NomComplet, string Email, UserRole Role, string? Client, string Status);

    private sealed class InviteInput
    {
        [Required(ErrorMessage = "Indiquez le nom complet.")]
        [StringLength(200, ErrorMessage = "200 caractères au plus.")]
        public string NomComplet { get; set; } = "";

        [Required(ErrorMessage = "Indiquez l'adresse e-mail.")]
        [EmailAddress(ErrorMessage = "Cette adresse e-mail n'est pas valide.")]
        public string Email { get; set; } = "";

        public string Role { get; set; } = "collaborateur_agence";

        public Guid? ClientId { get; set; }
    }
}
