using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Presenca.Data.Modeling;

namespace Presenca.Data.Identity.Configurations;

internal sealed class PresencaUserEntityTypeConfiguration : IEntityTypeConfiguration<PresencaUser>
{
    public void Configure(EntityTypeBuilder<PresencaUser> builder)
    {
        builder.ToTable("users");
        builder.Property(e => e.Role).HasSnakeCaseConversion();
        builder.Property(e => e.CreatedAt).ValueGeneratedOnAdd().HasDefaultValueSql("now()");
    }
}
