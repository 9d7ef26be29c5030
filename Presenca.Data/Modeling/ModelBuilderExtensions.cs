using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Presenca.Data.Tenancy;

namespace Presenca.Data.Modeling;

public static class ModelBuilderExtensions
{
    /// <summary>Every column not named explicitly gets the snake_case of its property.</summary>
    public static void UseSnakeCaseColumns(this ModelBuilder modelBuilder)
    {
        foreach (var entity in modelBuilder.Model.GetEntityTypes())
        {
            foreach (var property in entity.GetProperties())
            {
                var explicitlyNamed = ((IConventionProperty)property).GetColumnNameConfigurationSource() == ConfigurationSource.Explicit;
                if (!explicitlyNamed)
                {
                    property.SetColumnName(SnakeCase.From(property.Name));
                }
            }
        }
    }

    /// <summary>Audit columns are filled by triggers: EF never writes them and reads them back.</summary>
    public static void HasAuditColumns<T>(this EntityTypeBuilder<T> builder, string prefix = "")
        where T : AuditedEntity
    {
        builder.Property(e => e.CreatedAt).HasColumnName(prefix + "created_at").ValueGeneratedOnAdd();
        builder.Property(e => e.CreatedBy).HasColumnName(prefix + "created_by").ValueGeneratedOnAdd();
        builder.Property(e => e.UpdatedAt).HasColumnName(prefix + "updated_at").ValueGeneratedOnAddOrUpdate();
        builder.Property(e => e.UpdatedBy).HasColumnName(prefix + "updated_by").ValueGeneratedOnAddOrUpdate();
        foreach (var name in new[] { nameof(AuditedEntity.CreatedAt), nameof(AuditedEntity.CreatedBy), nameof(AuditedEntity.UpdatedAt), nameof(AuditedEntity.UpdatedBy) })
        {
            builder.Property(name).Metadata.SetAfterSaveBehavior(PropertySaveBehavior.Ignore);
            builder.Property(name).Metadata.SetBeforeSaveBehavior(PropertySaveBehavior.Ignore);
        }
    }

    public static PropertyBuilder<TEnum> HasSnakeCaseConversion<TEnum>(this PropertyBuilder<TEnum> property)
        where TEnum : struct, Enum => property.HasConversion(new SnakeCaseEnumConverter<TEnum>());

    public static PropertyBuilder<TEnum?> HasSnakeCaseConversion<TEnum>(this PropertyBuilder<TEnum?> property)
        where TEnum : struct, Enum => property.HasConversion(new SnakeCaseEnumConverter<TEnum>());
}
