using Presenca.Data.Tenancy;

namespace Presenca.Data.Analytics;

/// <summary>One contact's figures (view <c>contact_analytics</c> of 0008, read as the caller).</summary>
public sealed class ContactAnalytics : IClientOwned
{
    public Guid ContactId { get; init; }

    public Guid OrganisationId { get; init; }

    public Guid ClientId { get; init; }

    public string Email { get; init; } = "";

    public string EmailLower { get; init; } = "";

    public Guid? OrganizationId { get; init; }

    public string? OrganizationName { get; init; }

    /// <summary>Every campaign email addressed to the contact, whatever became of it.</summary>
    public int EmailsReceived { get; init; }

    public int DeliveredCount { get; init; }

    public int BouncedCount { get; init; }

    public int OpenedCount { get; init; }

    /// <summary>Delivered among those that left the queue, in percent; null when none left yet.</summary>
    public decimal? DeliveryRate { get; init; }

    public DateTimeOffset? LastEventAt { get; init; }
}
