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

    /// <summary>
    /// Events arriving together for one recipient are folded in arrival order (email_events_fold):
    /// the same status and reason as applying them one statement each, for every sequence of up to
    /// three proposals from every status.
    /// </summary>
    [Fact]
    public async Task Folding_several_events_keeps_what_applying_them_one_by_one_keeps()
    {
        var statuses = Enum.GetValues<EmailSentStatus>();
        var proposals = statuses.Select(s => (EmailSentStatus?)s).Append(null).ToList();
        var sequences = proposals.Select(p => new[] { p }).ToList();
        sequences.AddRange(sequences.ToList().SelectMany(a => proposals.Select(p => a.Append(p).ToArray())));
        sequences.AddRange(sequences.Where(a => a.Length == 2).ToList().SelectMany(a => proposals.Select(p => a.Append(p).ToArray())));
        var cases = statuses.SelectMany(current => sequences.Select(sequence => (current, sequence))).ToList();

        var rows = string.Join(",\n", cases.Select((c, n) =>
            $"({n}, '{Text(c.current)}', array[{string.Join(", ", c.sequence.Select(p => p is { } s ? $"'{Text(s)}'" : "null"))}]::text[], " +
            $"array[{string.Join(", ", c.sequence.Select((p, i) => KeepsReason(p) ? $"'r{i}'" : "null"))}]::text[])"));
        var actual = await _database.QueryAsOwnerAsync<string>($"""
            select string_agg(f.status || '/' || coalesce(f.failure_reason, '-'), ' ' order by c.n)
            from (values {rows}) c(n, status, proposals, reasons), email_events_fold(c.status, null, c.proposals, c.reasons) f
            """);

        var expected = string.Join(' ', cases.Select(c =>
        {
            var status = c.current;
            string? reason = null;
            for (var i = 0; i < c.sequence.Length; i++)
            {
                if (KeepsReason(c.sequence[i]) && !EmailEventRules.IsFinal(status))
                {
                    reason = $"r{i}";
                }

                status = EmailEventRules.Advance(status, c.sequence[i]);
            }

            return $"{Text(status)}/{reason ?? "-"}";
        }));
        Assert.Equal(statuses.Length * (7 + 49 + 343), cases.Count);
        Assert.Equal(expected, actual);
    }

    private static string Text(EmailSentStatus status) => SnakeCaseEnumConverter<EmailSentStatus>.ToText(status);

    // As Brevo's bounces, blocks and deferrals (and a deferral proposes no status).
    private static bool KeepsReason(EmailSentStatus? proposed) => proposed is null or EmailSentStatus.Failed or EmailSentStatus.Bounced;
}
