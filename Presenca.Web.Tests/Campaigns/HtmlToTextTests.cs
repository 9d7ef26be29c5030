using Presenca.Web.Campaigns.Templates;

namespace Presenca.Web.Tests.Campaigns;

public sealed class HtmlToTextTests
{
    [Fact]
    public void Tags_are_stripped_and_paragraphs_become_separate_lines()
    {
        Assert.Equal("Bonjour Marie,\n\nVoici nos offres.", HtmlToText.Convert("<p>Bonjour <b>Marie</b>,</p><p>Voici nos offres.</p>"));
    }

    [Fact]
    public void Links_keep_their_address_after_the_text()
    {
        Assert.Equal(
            "Voir le catalogue (https://soleil.fr/catalogue?a=1&b=2)",
            HtmlToText.Convert("<a href=\"https://soleil.fr/catalogue?a=1&amp;b=2\">Voir le <i>catalogue</i></a>"));
    }

    [Fact]
    public void A_link_whose_text_is_its_address_is_written_once()
    {
        Assert.Equal("https://soleil.fr", HtmlToText.Convert("<a href='https://soleil.fr'>https://soleil.fr</a>"));
    }

    [Fact]
    public void Entities_are_decoded_and_whitespace_collapsed()
    {
        Assert.Equal("Prix : 10 € & plus", HtmlToText.Convert("<p>Prix&nbsp;:   10&nbsp;&euro;\n   &amp; plus</p>"));
    }

    [Fact]
    public void Line_breaks_and_list_items_stay_on_their_own_lines()
    {
        Assert.Equal("Adresse :\n1 rue de la Paix\n\n- un\n- deux", HtmlToText.Convert("Adresse :<br>1 rue de la Paix<ul><li>un</li><li>deux</li></ul>"));
    }

    [Fact]
    public void Styles_scripts_head_and_comments_are_not_text()
    {
        Assert.Equal(
            "Bonjour",
            HtmlToText.Convert("<html><head><title>T</title><style>p{color:red}</style></head><body><!-- note --><script>x()</script><p>Bonjour</p></body></html>"));
    }

    [Fact]
    public void Encoded_markup_in_text_stays_as_text()
    {
        Assert.Equal("Agence <Soleil>", HtmlToText.Convert("<p>Agence &lt;Soleil&gt;</p>"));
    }
}
