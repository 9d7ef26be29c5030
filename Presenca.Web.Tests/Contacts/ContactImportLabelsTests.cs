using Presenca.Web.Contacts;

namespace Presenca.Web.Tests.Contacts;

public sealed class ContactImportLabelsTests
{
    [Theory]
    [InlineData("2026-07-01T08:00:00Z", "01/07/2026 à 10:00 (heure de Paris)")]
    [InlineData("2026-12-31T23:30:00Z", "01/01/2027 à 00:30 (heure de Paris)")]
    public void Import_times_are_shown_in_paris_and_say_so(string utc, string expected) =>
        Assert.Equal(expected, ContactImportLabels.Moment(DateTimeOffset.Parse(utc, System.Globalization.CultureInfo.InvariantCulture)));

    [Fact]
    public void A_day_is_the_paris_day_not_the_utc_one() =>
        Assert.Equal("01/01/2027", ContactImportLabels.Day(new DateTimeOffset(2026, 12, 31, 23, 30, 0, TimeSpan.Zero)));
}
