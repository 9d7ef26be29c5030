using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using Presenca.Data;
using Presenca.Data.Contacts;
using Presenca.Web.Live;

namespace Presenca.Web.Contacts;

/// <summary>
/// One import: its progress while it runs, moved by the import's notifications over the circuit,
/// then its report. Every notification only prompts a re-read through the caller's own context.
/// </summary>
public sealed partial class ContactImportDetailPage
{
    private const int IssuesShown = 100;
    private IDisposable? _watch;

    [Inject]
    private IDbContextFactory<PresencaDbContext> DbFactory { get; set; } = default!;

    [Inject]
    private NavigationManager Navigation { get; set; } = default!;

    [Inject]
    private LiveFeed Live { get; set; } = default!;

    [Parameter]
    public Guid Id { get; set; }

    /// <summary>The import as shown: read while prerendering, handed to the circuit.</summary>
    [PersistentState]
    public ImportView? View { get; set; }

    protected override async Task OnParametersSetAsync()
    {
        if (View?.Import.Id == Id)
        {
            return;
        }

        View = await ReadAsync();
        if (View is null)
        {
            Navigation.NotFound();
        }
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (!firstRender || View is null)
        {
            return;
        }

        _watch = Live.Watch([LiveChannels.ContactImportProgress], () => InvokeAsync(RefreshAsync), n => n.SubjectId == Id);
        // A short import may have ended between the prerender and this subscription: read it once more.
        if (!View.Import.IsFinished)
        {
            await RefreshAsync();
        }
    }

    private async Task RefreshAsync()
    {
        if (await ReadAsync() is { } view)
        {
            View = view;
            StateHasChanged();
        }
    }

    private async Task<ImportView?> ReadAsync()
    {
        await using var db = await DbFactory.CreateDbContextAsync();
        var import = await db.ContactImports.AsNoTracking().Where(i => i.Id == Id)
            .Select(i => new ImportState(i.Id, i.FileName, i.CreatedAt, i.UserId, i.Status, i.ProcessedRows, i.ProgressPercent, i.TotalRows,
                i.CreatedCount, i.OrganizationsCreated, i.DuplicateInFile, i.DuplicateExisting, i.InvalidCount, i.ErrorMessage))
            .FirstOrDefaultAsync();
        if (import is null)
        {
            return null;
        }

        var by = import.UserId is { } userId ? await db.Users.Where(u => u.Id == userId).Select(u => u.NomComplet).FirstOrDefaultAsync() : null;
        List<ContactImportIssue> issues = [];
        var issueTotal = 0;
        if (import.Status == ContactImportStatus.Terminee)
        {
            var all = db.ContactImportIssues.AsNoTracking().Where(i => i.ImportId == Id);
            issueTotal = await all.CountAsync();
            issues = await all.OrderBy(i => i.RowNumber).Take(IssuesShown).ToListAsync();
        }

        return new ImportView(import, by, issues, issueTotal);
    }

    public void Dispose() => _watch?.Dispose();
}

/// <summary>An import, who made it, and the first of its rows that were not imported.</summary>
public sealed record ImportView(ImportState Import, string? By, List<ContactImportIssue> Issues, int IssueTotal);

/// <summary>The import's row as its page shows it.</summary>
public sealed record ImportState(
    Guid Id, string FileName, DateTimeOffset CreatedAt, Guid? UserId, ContactImportStatus Status, int ProcessedRows, int ProgressPercent, int TotalRows,
    int CreatedCount, int OrganizationsCreated, int DuplicateInFile, int DuplicateExisting, int InvalidCount, string? ErrorMessage)
{
    public bool IsFinished => Status is ContactImportStatus.Terminee or ContactImportStatus.Echouee;
}
