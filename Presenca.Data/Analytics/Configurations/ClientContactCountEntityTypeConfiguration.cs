using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Presenca.Data.Analytics.Configurations;

internal sealed class ClientContactCountEntityTypeConfiguration : IEntityTypeConfiguration<ClientContactCount>
{
    public void Configure(EntityTypeBuilder<ClientContactCount> builder)
    {
        builder.ToTable("client_contact_counts");
        builder.HasKey(c => c.ClientId);
    }
}
