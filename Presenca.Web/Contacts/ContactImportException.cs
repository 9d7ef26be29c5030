namespace Presenca.Web.Contacts;

/// <summary>An import stopped for a reason the user can act on; the message is French.</summary>
public sealed class ContactImportException(string message) : Exception(message);
