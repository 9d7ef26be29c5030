using Npgsql;
using Presenca.Data;
using Presenca.Data.Tenancy;

namespace Presenca.Web.Unsubscribe;

/// <summary>What the public page may show of a ticket's contact: the sender's name and where the contact stands.</summary>
/// <param name="CanUndo">Unsubscribed by this campaign's link moments ago: "Je me suis trompé" still works.</param>
public sealed record UnsubscribeState(string SenderName, bool Unsubscribed, bool CanUndo);

/// <summary>
/// Unsubscribes and re-subscribes the contact a ticket names, for the anonymous visitor of the
/// public page and for mailbox providers' one-click POSTs.
/// </summary>
/// <remarks>
/// Nobody is signed in, so the caller is set here explicitly: the ticket's own client, with agency
/// staff's role, under <see cref="RecipientUserId"/>. Row-level security therefore lets these
/// statements reach that one client's rows and nothing else (not the network, not another agency),
/// whatever a forged ticket could say; the token's signature is the first lock, this is the second.
/// The audit trail records each change (contacts' trigger) under that id, with the campaign in
/// <c>desinscrit_campaign_id</c>; the recipient's emails_sent row gets the event's time.
/// </remarks>
public sealed class Unsubscriptions(PresencaDatabase database)
{
    /// <summary>The audit trail's author for changes made from an unsubscribe link (no user has this id).</summary>
    public static readonly Guid RecipientUserId = Guid.Parse("00000000-0000-0000-0000-00000000d351");

    /// <summary>How long after unsubscribing "Je me suis trompé" re-subscribes: the visit, not later.</summary>
    public static readonly TimeSpan UndoWindow = TimeSpan.FromMinutes(30);

    private const string State = """
        select k.client_nom, c.desinscrit,
               c.desinscrit and c.desinscrit_campaign_id = $4 and c.desinscrit_at > now() - $5
        from contacts c join clients k on k.client_id = c.client_id
        where c.id = $3 and c.client_id = $2 and c.organisation_id = $1
        """;

    // Only a contact still subscribed changes: repeating the request, or a contact staff had
    // already unsubscribed, changes nothing. The campaign is kept only if it still exists.
    private const string Unsubscribe = """
        with contact as (
          update contacts c set desinscrit = true, desinscrit_at = now(),
            desinscrit_campaign_id = (select m.id from email_campaigns m where m.id = $4 and m.client_id = $2)
          where c.id = $3 and c.client_id = $2 and c.organisation_id = $1 and not c.desinscrit
          returning c.id
        )
        update emails_sent e set unsubscribed_at = now(), status = email_status_advance(e.status, 'delivered'), updated_at = now()
        where e.campaign_id = $4 and e.client_id = $2 and e.contact_id in (select id from contact) and e.unsubscribed_at is null
        """;

    private const string Resubscribe = """
        with contact as (
          update contacts c set desinscrit = false, desinscrit_at = null, desinscrit_campaign_id = null
          where c.id = $3 and c.client_id = $2 and c.organisation_id = $1
            and c.desinscrit and c.desinscrit_campaign_id = $4 and c.desinscrit_at > now() - $5
          returning c.id
        )
        update emails_sent e set unsubscribed_at = null, updated_at = now()
        where e.campaign_id = $4 and e.client_id = $2 and e.contact_id in (select id from contact) and e.unsubscribed_at is not null
        """;

    /// <summary>Where the contact stands; null when the ticket names no contact (any more).</summary>
    public Task<UnsubscribeState?> ReadAsync(UnsubscribeTicket ticket, CancellationToken cancellationToken) =>
        RunAsync(ticket, null, cancellationToken);

    public Task<UnsubscribeState?> UnsubscribeAsync(UnsubscribeTicket ticket, CancellationToken cancellationToken) =>
        RunAsync(ticket, Unsubscribe, cancellationToken);

    public Task<UnsubscribeState?> ResubscribeAsync(UnsubscribeTicket ticket, CancellationToken cancellationToken) =>
        RunAsync(ticket, Resubscribe, cancellationToken);

    public static Caller CallerFor(UnsubscribeTicket ticket) =>
        new(RecipientUserId, ticket.OrganisationId, ticket.ClientId, UserRole.CollaborateurAgence);

    private async Task<UnsubscribeState?> RunAsync(UnsubscribeTicket ticket, string? change, CancellationToken cancellationToken)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await CallerSession.BeginTransactionAsync(connection, CallerFor(ticket), cancellationToken);
        if (change is not null)
        {
            await using var command = Command(change, connection, transaction, ticket, withWindow: change == Resubscribe);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        UnsubscribeState? state = null;
        await using (var read = Command(State, connection, transaction, ticket, withWindow: true))
        await using (var reader = await read.ExecuteReaderAsync(cancellationToken))
        {
            if (await reader.ReadAsync(cancellationToken))
            {
                state = new UnsubscribeState(reader.GetString(0), reader.GetBoolean(1), reader.GetBoolean(2));
            }
        }

        await transaction.CommitAsync(cancellationToken);
        return state;
    }

    private static NpgsqlCommand Command(string sql, NpgsqlConnection connection, NpgsqlTransaction transaction, UnsubscribeTicket ticket, bool withWindow)
    {
        var command = new NpgsqlCommand(sql, connection, transaction);
        command.Parameters.Add(new NpgsqlParameter { Value = ticket.OrganisationId });
        command.Parameters.Add(new NpgsqlParameter { Value = ticket.ClientId });
        command.Parameters.Add(new NpgsqlParameter { Value = ticket.ContactId });
        command.Parameters.Add(new NpgsqlParameter { Value = ticket.CampaignId });
        if (withWindow)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = UndoWindow });
        }

        return command;
    }
}
