using Presenca.Web.Campaigns.Templates;

namespace Presenca.Web.Tests.Unsubscribe;

public sealed class UnsubscribeFooterTests
{
    private const string Link = "https://presenca.exemple.fr/desinscription/abc_-123";

    [Fact]
    public void A_body_without_the_field_gets_a_French_footer_naming_the_sender_with_the_link_in_html_and_text()
    {
        var content = EmailContent.ForCampaign("Bonjour", "<html><body><p>Nos offres</p></body></html>", "Agence <Lyon> Nord");
        var email = content.Render(MergeFieldValues.ForContact("marie@exemple.fr", null, unsubscribeUrl: Link));

        Assert.True(content.AddsUnsubscribeFooter);
        Assert.Contains($"<a href=\"{Link}\">désinscrivez-vous</a>", email.Html);
        Assert.Contains("de la part de Agence &lt;Lyon&gt; Nord", email.Html);
        // Inside the body, not after it.
        Assert.True(email.Html.IndexOf("désinscrivez-vous", StringComparison.Ordinal) < email.Html.IndexOf("</body>", StringComparison.Ordinal));
        Assert.Contains($"désinscrivez-vous ({Link})", email.Text);
        Assert.Contains("Agence <Lyon> Nord", email.Text);
    }

    [Fact]
    public void A_body_with_the_field_keeps_its_own_link_and_gets_no_footer()
    {
        var content = EmailContent.ForCampaign("Bonjour", "<p>Nos offres. <a href=\"{{ Desinscription }}\">Ne plus rien recevoir</a></p>", "Agence Soleil");
        var email = content.Render(MergeFieldValues.ForContact("marie@exemple.fr", null, unsubscribeUrl: Link));

        Assert.False(content.AddsUnsubscribeFooter);
        Assert.Contains($"<a href=\"{Link}\">Ne plus rien recevoir</a>", email.Html);
        Assert.DoesNotContain("désinscrivez-vous", email.Html);
        Assert.Empty(content.UnknownFields(MergeFieldValues.StandardFields));
    }

    [Fact]
    public void A_sender_name_cannot_become_a_merge_field()
    {
        var email = EmailContent.ForCampaign("Bonjour", "<p>x</p>", "{{email}}").Render(MergeFieldValues.ForContact("marie@exemple.fr", null, unsubscribeUrl: Link));

        Assert.DoesNotContain("de la part de marie@exemple.fr", email.Html);
        Assert.Contains("de la part de &#123;&#123;email&#125;&#125;", email.Html);
    }
}
