using System.Globalization;
using System.Text;
using Presenca.Web.Contacts;

namespace Presenca.Web.Tests.Contacts;

/// <summary>Addresses and company names as hostile or hurried people type them (issue 13, items 1, 2 and 11).</summary>
public sealed class ContactCellTextTests
{
    /// <summary>Every format character (Cf) Unicode defines: zero-width, bidi controls, soft hyphen, tags…</summary>
    private static IEnumerable<int> FormatCharacters() =>
        Enumerable.Range(0, 0x110000)
            .Where(cp => cp is < 0xD800 or > 0xDFFF)
            .Where(cp => CharUnicodeInfo.GetUnicodeCategory(cp) == UnicodeCategory.Format);

    private static IEnumerable<int> InvisibleControls() =>
        Enumerable.Range(0, 0x20).Concat(Enumerable.Range(0x7F, 0x21)).Where(cp => !char.IsWhiteSpace((char)cp));

    [Fact]
    public void Every_format_or_control_character_in_an_address_is_refused_with_its_code_point()
    {
        var characters = FormatCharacters().Concat(InvisibleControls()).ToList();
        Assert.Contains(0x200B, characters);
        Assert.Contains(0x202E, characters);
        Assert.Contains(0xFEFF, characters);
        Assert.Contains(0xE0001, characters);
        foreach (var cp in characters)
        {
            var invisible = char.ConvertFromUtf32(cp);
            foreach (var raw in new[] { $"jean{invisible}@exemple.fr", $"jean@exem{invisible}ple.fr", $"{invisible}jean@exemple.fr", $"jean@exemple.fr{invisible}" })
            {
                var cell = ContactText.ReadEmailCell(raw);
                Assert.Null(cell.Email);
                Assert.Equal($"L'adresse contient un caractère invisible ou de contrôle (U+{cp:X4})", cell.Problem);
            }
        }
    }

    [Fact]
    public void A_broken_surrogate_in_an_address_is_refused()
    {
        Assert.Equal("L'adresse contient un caractère invalide", ContactText.ReadEmailCell("jean\uD800@exemple.fr").Problem);
    }

    [Fact]
    public void Company_names_lose_every_format_character_are_composed_and_single_spaced()
    {
        foreach (var cp in FormatCharacters().Concat(InvisibleControls()))
        {
            var invisible = char.ConvertFromUtf32(cp);
            Assert.Equal("Société Acme", ContactText.CleanName($"{invisible}Socie\u0301te\u0301 {invisible} Ac{invisible}me{invisible}"));
            Assert.Equal("", ContactText.CleanName($" {invisible}\u00A0{invisible}\t"));
        }

        Assert.Equal("Société Générale", ContactText.CleanName("\u3000Société\u00A0\u2003 Générale\r\n"));
        Assert.Equal(ContactText.OrganizationKey("Société Générale"), ContactText.OrganizationKey("\u202ESocie\u0301te\u0301\u200B  GÉNÉRALE\u2069"));
        // Right-to-left letters are text, not controls: they stay.
        Assert.Equal("شركة النور", ContactText.CleanName("\u2067شركة\u200F النور\u2069"));
    }

    [Fact]
    public void A_name_is_cut_to_the_column_without_splitting_a_character()
    {
        var name = new string('a', 499) + "😀" + "b";
        var cut = ContactText.Cut(name, 500);
        Assert.Equal(new string('a', 499), cut);
        Assert.Equal(500, ContactText.Cut(new string('x', 600), 500).Length);
    }

    [Theory]
    [InlineData("Jean Dupont <jean.dupont@exemple.fr>", "jean.dupont@exemple.fr")]
    [InlineData("Jean Dupont<jean.dupont@exemple.fr>", "jean.dupont@exemple.fr")]
    [InlineData("\"Dupont, Jean\" <Jean.Dupont@Exemple.FR>", "Jean.Dupont@exemple.fr")]
    [InlineData("Dupont, Jean <jean.dupont@exemple.fr>", "jean.dupont@exemple.fr")]
    [InlineData("'Jean Dupont' <jean.dupont@exemple.fr>", "jean.dupont@exemple.fr")]
    [InlineData("\"jean.dupont@exemple.fr\" <jean.dupont@exemple.fr>", "jean.dupont@exemple.fr")]
    [InlineData("<jean.dupont@exemple.fr>", "jean.dupont@exemple.fr")]
    [InlineData("jean.dupont@exemple.fr (Jean Dupont)", "jean.dupont@exemple.fr")]
    [InlineData("mailto:jean@exemple.fr", "jean@exemple.fr")]
    [InlineData("MAILTO:jean@exemple.fr", "jean@exemple.fr")]
    [InlineData("MailTo:jean@exemple.fr?subject=Bonjour%20Jean", "jean@exemple.fr")]
    [InlineData("mailto:jean%40exemple.fr", "jean@exemple.fr")]
    [InlineData("Jean <mailto:jean@exemple.fr>", "jean@exemple.fr")]
    public void The_address_inside_a_display_name_or_mailto_cell_is_read_and_the_report_says_so(string raw, string expected)
    {
        var cell = ContactText.ReadEmailCell(raw);

        Assert.Equal(expected, cell.Email);
        Assert.Null(cell.Problem);
        Assert.Equal($"Adresse extraite de « {raw} »", cell.Note);
    }

    [Fact]
    public void A_plain_address_has_no_note_and_a_bad_address_inside_brackets_keeps_its_reason()
    {
        Assert.Null(ContactText.ReadEmailCell("jean@exemple.fr").Note);
        var bad = ContactText.ReadEmailCell("Jean <jean@exemple>");
        Assert.Null(bad.Email);
        Assert.Equal("Le domaine n'a pas de point (ex. : exemple.fr) (adresse extraite de « Jean <jean@exemple> »)", bad.Problem);
        // Without brackets a name next to an address is not guessed at.
        Assert.Equal("L'adresse contient un espace", ContactText.ReadEmailCell("jean dupont@exemple.fr").Problem);
    }

    [Theory]
    [InlineData("paul@x.fr, pierre@x.fr")]
    [InlineData("paul@x.fr;pierre@x.fr")]
    [InlineData("paul@x.fr pierre@x.fr")]
    [InlineData("paul@x.fr\npierre@x.fr")]
    [InlineData("Paul <paul@x.fr>, Pierre <pierre@x.fr>")]
    [InlineData("<paul@x.fr><pierre@x.fr>")]
    [InlineData("mailto:paul@x.fr, mailto:pierre@x.fr")]
    public void A_cell_listing_several_addresses_is_refused_as_such(string raw)
    {
        var cell = ContactText.ReadEmailCell(raw);

        Assert.Null(cell.Email);
        Assert.Equal("Plusieurs adresses dans la cellule", cell.Problem);
    }

    [Theory]
    [InlineData("idn@bücher.ch")]
    [InlineData("idn@BÜCHER.CH")]
    [InlineData("idn@xn--bcher-kva.ch")]
    [InlineData("idn@XN--BCHER-KVA.CH")]
    [InlineData("idn@bu\u0308cher.ch")]
    public void An_internationalised_domain_is_stored_in_unicode_whichever_way_it_is_typed(string raw)
    {
        var cell = ContactText.ReadEmailCell(raw);

        Assert.Equal("idn@bücher.ch", cell.Email);
        Assert.Equal("idn@xn--bcher-kva.ch", cell.AsciiEmail);
        Assert.Equal("idn@xn--bcher-kva.ch", ContactText.AsciiAddress(cell.Email!));
        Assert.Equal("idn@bücher.ch", ContactText.UnicodeAddress("idn@xn--bcher-kva.ch"));
    }

    [Theory]
    [InlineData("a@xn--bcher-kva-.ch")]
    [InlineData("a@bü_cher.ch")]
    [InlineData("a@-bücher.ch")]
    public void A_domain_that_is_no_valid_internationalised_name_is_refused(string raw)
    {
        Assert.Equal("Domaine invalide", ContactText.ReadEmailCell(raw).Problem);
    }

    [Fact]
    public void A_plain_ascii_address_has_no_second_spelling()
    {
        Assert.Null(ContactText.ReadEmailCell("Jean@Exemple.FR").AsciiEmail);
        Assert.Equal("jean@exemple.fr", ContactText.AsciiAddress("jean@exemple.fr"));
    }

    [Theory]
    [InlineData("Organisation", "Adresse e-mail", true)]
    [InlineData("Société", "E-mail", true)]
    [InlineData("Nom de l'entreprise", "", true)]
    [InlineData("", "Courriel :", true)]
    [InlineData("Société Dupont", "pas-un-email", false)]
    [InlineData("Entreprise Martin", "martin@exemple.fr", false)]
    [InlineData("Organisation", "contact@exemple.fr", false)]
    [InlineData("Acme", "Adresse à compléter", false)]
    public void Only_a_first_row_of_known_labels_without_an_address_is_a_header(string a, string b, bool header)
    {
        var csv = new UTF8Encoding(false).GetBytes($"{a};{b}\r\nAcme;acme@exemple.fr\r\n");

        var rows = ContactFileRows.Read(new MemoryStream(csv), ContactFileKind.Csv).ToList();

        Assert.Equal(header, rows[0].IsHeader);
        Assert.Equal(1, rows[0].RowNumber);
        Assert.False(rows[1].IsHeader);
    }
}
