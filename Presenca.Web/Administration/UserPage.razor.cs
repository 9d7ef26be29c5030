using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using MudBlazor;
using Presenca.Data.Identity;
using Presenca.Data.Tenancy;
using Presenca.Web.Account;

namespace Presenca.Web.Administration;

public partial class UserPage
{
    private string? _link;
    private string? _error;
    private bool _busy;

    [Parameter]
    public Guid Id { get; set; }

    /// <summary>The user as the caller may see it, read while prerendering and handed to the circuit.</summary>
    [PersistentState]
    public UserDetails? Details { get; set; }

    protected override async Task OnParametersSetAsync()
    {
        if (Details?.Id != Id)
        {
            _link = null;
            await LoadAsync();
        }

        if (Details is null)
        {
            // Found only through the caller's scope: someone else's user answers 404, like a missing one.
            Navigation.NotFound();
        }
    }

    private Task CreateLinkAsync() =>
        RunAsync(async (services, user) =>
        {
            var links = services.GetRequiredService<SetPasswordLinks>();
            if (links.ConfigurationError is { } missing)
            {
                _error = missing;
                return;
            }

            _link = await links.CreateAsync(user);
        });

    private async Task DeactivateAsync()
    {
        if (Details is null || _busy)
        {
            return;
        }

        var confirmed = await Dialogs.ShowMessageBoxAsync(
            "Désactiver le compte",
            $"Désactiver le compte de {Details.NomComplet} ({Details.Email}) ? Ses sessions en cours et ses liens de mot de passe cesseront de fonctionner. Vous pourrez le réactiver ensuite.",
            yesText: "Oui, désactiver",
            cancelText: "Annuler");
        if (confirmed != true)
        {
            return;
        }

        await RunAsync(async (services, user) =>
        {
            if (user.Id == Callers.Current.UserId)
            {
                _error = "Vous ne pouvez pas désactiver votre propre compte.";
                return;
            }

            var result = await services.GetRequiredService<UserManager<PresencaUser>>().DeactivateAsync(user);
            if (!result.Succeeded)
            {
                _error = string.Join(" ", result.Errors.Select(e => e.Description));
                return;
            }

            Snackbar.Add("Le compte est désactivé : ses sessions et ses liens ne fonctionnent plus.", Severity.Success);
        });
    }

    private Task ReactivateAsync() =>
        RunAsync(async (services, user) =>
        {
            if (user.Id == Callers.Current.UserId)
            {
                return;
            }

            var result = await services.GetRequiredService<UserManager<PresencaUser>>().ReactivateAsync(user);
            if (!result.Succeeded)
            {
                _error = string.Join(" ", result.Errors.Select(e => e.Description));
                return;
            }

            Snackbar.Add("Le compte est réactivé.", Severity.Success);
        });

    /// <summary>
    /// Runs an action on the user re-read through the caller's scope, so a circuit whose caller
    /// may no longer see the user (or never could) changes nothing; then shows the row as it is now.
    /// </summary>
    private async Task RunAsync(Func<IServiceProvider, PresencaUser, Task> action)
    {
        if (_busy)
        {
            return;
        }

        _busy = true;
        try
        {
            _error = null;
            var done = AdministrationAccess.CanAdminister(Callers.Current) && await Identity.RunAsync(async services =>
            {
                if (await services.GetRequiredService<UserManager<PresencaUser>>().FindByIdAsync(Id.ToString()) is not { } user)
                {
                    return false;
                }

                await action(services, user);
                return true;
            });
            if (!done)
            {
                _error = "Cet utilisateur n'existe pas ou ne dépend pas de vous : rien n'a changé.";
            }

            await LoadAsync();
        }
        finally
        {
            _busy = false;
        }
    }

    private async Task LoadAsync()
    {
        var user = await Identity.RunAsync(services => services.GetRequiredService<UserManager<PresencaUser>>().FindByIdAsync(Id.ToString()));
        if (user is null)
        {
            Details = null;
            return;
        }

        await using var db = await Contexts.CreateDbContextAsync();
        var client = await db.Clients.Where(c => c.ClientId == user.ClientId).Select(c => c.ClientNom).SingleOrDefaultAsync();
        var now = DateTimeOffset.UtcNow;
        Details = new UserDetails(user.Id, user.NomComplet, user.Email ?? "", user.Role, client,
            AdministrationLabels.Status(user, now), AdministrationLabels.IsDeactivated(user, now));
    }

    public sealed record UserDetails(Guid Id, string NomComplet, string Email, UserRole Role, string? Client, string Status, bool Deactivated);
}
