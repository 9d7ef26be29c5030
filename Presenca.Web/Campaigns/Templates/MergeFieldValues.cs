namespace Presenca.Web.Campaigns.Templates;

/// <summary>The values one contact gives to merge fields, looked up without regard to case.</summary>
public static class MergeFieldValues
{
    public const string Email = "email";
    public const string Organisation = "organisation";

    /// <summary>The recipient's own unsubscribe link (its address, to put in an <c>href</c>).</summary>
    public const string Desinscription = "desinscription";

    /// <summary>Fields every contact has; contact fields added later come in <c>extra</c>.</summary>
    public static IReadOnlyList<string> StandardFields { get; } = [Email, Organisation, Desinscription];

    public static IReadOnlyDictionary<string, string?> ForContact(
        string email,
        string? organisation,
        IReadOnlyDictionary<string, string?>? extra = null,
        string? unsubscribeUrl = null)
    {
        var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in extra ?? new Dictionary<string, string?>())
        {
            values[name] = value;
        }

        // The standard fields win over an extra field of the same name.
        values[Email] = email;
        values[Organisation] = organisation;
        values[Desinscription] = unsubscribeUrl;
        return values;
    }
}
