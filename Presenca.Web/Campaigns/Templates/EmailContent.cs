namespace Presenca.Web.Campaigns.Templates;

/// <summary>One recipient's finished email: what the preview shows and what is sent.</summary>
public sealed record RenderedEmail(string Subject, string Html, string Text);

/// <summary>
/// A template's subject and HTML body, parsed once per campaign and rendered per recipient.
/// The text part is derived from each recipient's rendered HTML, so it always says the same.
/// </summary>
public sealed class EmailContent
{
    private readonly MergeFieldTemplate _subject;
    private readonly MergeFieldTemplate _html;

    public EmailContent(string subject, string html)
    {
        _subject = MergeFieldTemplate.Parse(subject);
        _html = MergeFieldTemplate.Parse(html);
    }

    private EmailContent(MergeFieldTemplate subject, MergeFieldTemplate html, bool addsFooter)
    {
        _subject = subject;
        _html = html;
        AddsUnsubscribeFooter = addsFooter;
    }

    /// <summary>
    /// A campaign email: the body as written when it carries <c>{{desinscription}}</c>, else the body
    /// with <see cref="UnsubscribeFooter"/> naming <paramref name="senderName"/> (the agency or
    /// network), so that every campaign email has a visible way to object (CPCE art. L34-5).
    /// </summary>
    public static EmailContent ForCampaign(string subject, string html, string senderName)
    {
        var body = MergeFieldTemplate.Parse(html);
        return HasUnsubscribeLink(body)
            ? new EmailContent(MergeFieldTemplate.Parse(subject), body, addsFooter: false)
            : new EmailContent(MergeFieldTemplate.Parse(subject), MergeFieldTemplate.Parse(UnsubscribeFooter.AppendTo(html, senderName)), addsFooter: true);
    }

    /// <summary>Whether <paramref name="html"/> lacks <c>{{desinscription}}</c>, so that the standard footer is added when it is sent.</summary>
    public static bool NeedsUnsubscribeFooter(string html) => !HasUnsubscribeLink(MergeFieldTemplate.Parse(html));

    /// <summary>The standard footer was added (see <see cref="ForCampaign"/>).</summary>
    public bool AddsUnsubscribeFooter { get; }

    private static bool HasUnsubscribeLink(MergeFieldTemplate html) =>
        html.Fields.Contains(MergeFieldValues.Desinscription, StringComparer.OrdinalIgnoreCase);

    /// <summary>Unknown merge fields of subject and body together, each once, as written.</summary>
    public IReadOnlyList<string> UnknownFields(IEnumerable<string> knownFields)
    {
        var known = knownFields.ToList();
        return _subject.UnknownFields(known)
            .Concat(_html.UnknownFields(known))
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .ToList();
    }

    public RenderedEmail Render(IReadOnlyDictionary<string, string?> values)
    {
        var html = _html.Render(values, htmlEncode: true);

        // A subject is a header, not HTML: values go in as they are (line breaks removed, since
        // a header cannot contain them).
        var subject = _subject.Render(values, htmlEncode: false).ReplaceLineEndings(" ");
        return new RenderedEmail(subject, html, HtmlToText.Convert(html));
    }
}
