using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Presenca.Data;
using Presenca.Data.Contacts;
using Presenca.Web.Live;
using Presenca.Web.Tenancy;

namespace Presenca.Web.Contacts;

/// <summary>
/// The upload form and the caller's 20 latest imports. The file goes by a plain multipart POST
/// to <c>/contacts/import</c> (<see cref="ContactsEndpoints"/>); the circuit only sees its name
/// and size, to refuse a file over the limit before a byte of it is sent. The history follows
/// the imports' progress live.
/// </summary>
public sealed partial class ContactImportPage
{
    private const int HistorySize = 20;
    private IDisposable? _watch;
    private string? _refusal;
    private string? _tooLarge;
    private bool _fileChosen;
    private bool _canImport;

    [Inject]
    private IDbContextFactory<PresencaDbContext> DbFactory { get; set; } = default!;

    [Inject]
    private IOptions<ContactImportOptions> Options { get; set; } = default!;

    [Inject]
    private CallerSource Callers { get; set; } = default!;

    [Inject]
    private LiveFeed Live { get; set; } = default!;

    [SupplyParameterFromQuery(Name = "refus")]
    public string? Refus { get; set; }

    /// <summary>The latest imports: read while prerendering, handed to the circuit.</summary>
    [PersistentState]
    public List<ImportRow>? History { get; set; }

    protected override async Task OnInitializedAsync()
    {
        _canImport = Callers.Current.ClientId is not null;
        History ??= await ReadAsync();
    }

    protected override void OnParametersSet() =>
        _refusal = Enum.TryParse<ContactFileRefusal>(Refus, ignoreCase: true, out var refusal) ? ContactImportLabels.Of(refusal, Options.Value) : null;

    protected override void OnAfterRender(bool firstRender)
    {
        if (firstRender)
        {
            _watch = Live.Watch([LiveChannels.ContactImportProgress], () => InvokeAsync(async () =>
            {
                History = await ReadAsync();
                StateHasChanged();
            }));
        }
    }

    private async Task<List<ImportRow>> ReadAsync()
    {
        await using var db = await DbFactory.CreateDbContextAsync();
        return await db.ContactImports.AsNoTracking().OrderByDescending(i => i.CreatedAt).Take(HistorySize)
            .Select(i => new ImportRow(i.Id, i.FileName, i.CreatedAt, db.Users.Where(u => u.Id == i.UserId).Select(u => u.NomComplet).FirstOrDefault(),
                i.Status, i.CreatedCount, i.DuplicateInFile + i.DuplicateExisting, i.InvalidCount))
            .ToListAsync();
    }

    private void OnFileChosen(InputFileChangeEventArgs args)
    {
        _fileChosen = args.FileCount == 1;
        var max = Options.Value.MaxFileBytes;
        // Past a point the server cuts an oversized upload off and the browser would show only a
        // connection error: refuse it here, from its size alone. The server checks again.
        _tooLarge = _fileChosen && args.File.Size > max
            ? $"Ce fichier fait {ContactImportLabels.Megabytes(args.File.Size)} : la limite est de {ContactImportLabels.Megabytes(max)}. Choisissez un fichier plus petit ou découpez-le."
            : null;
    }

    public void Dispose() => _watch?.Dispose();
}

/// <summary>An import as the history lists it.</summary>
public sealed record ImportRow(Guid Id, string FileName, DateTimeOffset CreatedAt, string? By, ContactImportStatus Status, int Created, int Duplicates, int Invalid);
