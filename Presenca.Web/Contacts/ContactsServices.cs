namespace Presenca.Web.Contacts;

public static class ContactsServices
{
    public static void AddContacts(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<ContactImportOptions>(configuration.GetSection(ContactImportOptions.Section));
        services.AddSingleton<ContactImportQueue>();
        services.AddSingleton<ContactImporter>();
        services.AddSingleton<ContactImportUploads>();
        services.AddHostedService<ContactImportWorker>();
        services.AddHostedService<ContactImportWatchdog>();
        // Uploads up to twice the import limit reach our own check, which answers in French.
        var maxFileBytes = configuration.GetSection(ContactImportOptions.Section).Get<ContactImportOptions>()?.MaxFileBytes
            ?? new ContactImportOptions().MaxFileBytes;
        services.Configure<Microsoft.AspNetCore.Http.Features.FormOptions>(o => o.MultipartBodyLengthLimit = Math.Max(o.MultipartBodyLengthLimit, 2 * maxFileBytes + 1024 * 1024));
        services.Configure<Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerOptions>(o => o.Limits.MaxRequestBodySize = Math.Max(o.Limits.MaxRequestBodySize ?? 0, 2 * maxFileBytes + 1024 * 1024));
    }
}
