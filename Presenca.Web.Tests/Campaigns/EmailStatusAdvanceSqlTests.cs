using Presenca.Data.Campaigns;
using Presenca.Data.Modeling;
using Presenca.Web.Campaigns.Webhooks;
using Presenca.Web.Tests.Infrastructure;

namespace Presenca.Web.Tests.Campaigns;

/// <summary>
/// The database applies events with email_status_advance (inside one UPDATE, so racing events
/// cannot undo each other); it must keep exactly the rule EmailEventRules.Advance states.
/// </summary>
public sealed class EmailStatusAdvanceSqlTests : IAsyncLifetime
{
    private TestDatabase _database = null!;

    public async Task InitializeAsync() => _database = await TestDatabase.CreateAsync();

    public async Task DisposeAsync() => await _database.DisposeAsync();

    [Fact]
    public async Task The_database_advances_every_status_pair_exactly_like_the_csharp_rule()
    {
        var statuses = Enum.GetValues<EmailSentStatus>();
        var proposals = statuses.Select(s => (EmailSentStatus?)s).Append(null).ToList();
        var disagreements = new List<string>();
        var tried = 0;
        foreach (var current in statuses)
        {
            foreach (var proposed in proposals)
            {
                var expected = SnakeCaseEnumConverter<EmailSentStatus>.ToText(EmailEventRules.Advance(current, proposed));
                var proposedSql = proposed is { } p ? $"'{SnakeCaseEnumConverter<EmailSentStatus>.ToText(p)}'" : "null";
                var actual = await _database.QueryAsOwnerAsync<string>(
                    $"select email_status_advance('{SnakeCaseEnumConverter<EmailSentStatus>.ToText(current)}', {proposedSql})");
                tried++;
                if (actual != expected)
                {
                    disagreements.Add($"{current} + {proposed?.ToString() ?? "rien"}: SQL {actual}, C# {expected}");
                }
            }
        }

        // Every status against every proposal, "no status" included: none skipped.
        Assert.Equal(statuses.Length * (statuses.Length + 1), tried);
        Assert.Empty(disagreements);
    }
}
