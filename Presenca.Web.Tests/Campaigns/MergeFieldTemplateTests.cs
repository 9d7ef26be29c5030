using Presenca.Web.Campaigns.Templates;

namespace Presenca.Web.Tests.Campaigns;

public sealed class MergeFieldTemplateTests
{
    private static readonly IReadOnlyDictionary<string, string?> Soleil =
        MergeFieldValues.ForContact("marie@soleil.fr", "Agence <Soleil> & Fils", new Dictionary<string, string?> { ["prenom"] = "Marie" });

    [Fact]
    public void Email_organisation_and_contact_fields_are_replaced()
    {
        var template = MergeFieldTemplate.Parse("Bonjour {{prenom}} ({{email}}) de {{ organisation }}");

        Assert.Equal("Bonjour Marie (marie@soleil.fr) de Agence <Soleil> & Fils", template.Render(Soleil, htmlEncode: false));
    }

    [Fact]
    public void Values_are_html_encoded_in_html_so_contact_data_never_becomes_markup()
    {
        var template = MergeFieldTemplate.Parse("<p>{{organisation}}</p>");

        Assert.Equal("<p>Agence &lt;Soleil&gt; &amp; Fils</p>", template.Render(Soleil, htmlEncode: true));
    }

    [Fact]
    public void Field_names_ignore_letter_case()
    {
        Assert.Equal("marie@soleil.fr", MergeFieldTemplate.Parse("{{Email}}").Render(Soleil, htmlEncode: false));
    }

    [Fact]
    public void Unknown_merge_fields_are_reported_by_name_once_each()
    {
        var template = MergeFieldTemplate.Parse("{{prenon}} {{email}} {{ville}} {{prenon}} {{}}");

        Assert.Equal(["prenon", "ville", ""], template.UnknownFields([.. MergeFieldValues.StandardFields, "prenom"]));
    }

    [Fact]
    public void A_known_field_without_a_value_renders_empty()
    {
        var values = MergeFieldValues.ForContact("x@y.fr", null);

        Assert.Equal("Chez ", MergeFieldTemplate.Parse("Chez {{organisation}}").Render(values, htmlEncode: true));
    }

    [Fact]
    public void Text_without_fields_is_left_exactly_as_written()
    {
        const string html = "<p>Pas de champ, juste { une accolade }</p>";

        Assert.Equal(html, MergeFieldTemplate.Parse(html).Render(Soleil, htmlEncode: true));
        Assert.Empty(MergeFieldTemplate.Parse(html).Fields);
    }

    [Fact]
    public void Subject_and_body_report_unknown_fields_together_before_sending()
    {
        var content = new EmailContent("Offre pour {{societe}}", "<p>{{prenom}} {{societe}}</p>");

        Assert.Equal(["societe", "prenom"], content.UnknownFields(MergeFieldValues.StandardFields));
    }

    [Fact]
    public void Rendered_email_has_an_encoded_html_part_and_a_plain_text_part()
    {
        var content = new EmailContent("Pour {{organisation}}", "<p>Bonjour {{prenom}},</p><p>{{organisation}}</p>");

        var email = content.Render(Soleil);

        Assert.Equal("Pour Agence <Soleil> & Fils", email.Subject);
        Assert.Equal("<p>Bonjour Marie,</p><p>Agence &lt;Soleil&gt; &amp; Fils</p>", email.Html);
        Assert.Equal("Bonjour Marie,\n\nAgence <Soleil> & Fils", email.Text);
    }
}
