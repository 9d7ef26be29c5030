using Presenca.Data.Tenancy;

namespace Presenca.Web.Contacts;

/// <summary>An accepted upload waiting for the background importer, with the identity it runs as.</summary>
public sealed record ContactImportJob(Guid ImportId, Guid OrganisationId, Guid ClientId, Caller Caller, string FilePath, ContactFileKind Kind);
