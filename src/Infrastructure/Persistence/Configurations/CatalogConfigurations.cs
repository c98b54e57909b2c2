using System.Text.Json;
using Marketplace.Domain.Brokers;
using Marketplace.Domain.Catalog;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Marketplace.Infrastructure.Persistence.Configurations;

internal sealed class ConnectionCatalogConfiguration : IEntityTypeConfiguration<ConnectionCatalog>
{
    public void Configure(EntityTypeBuilder<ConnectionCatalog> builder)
    {
        builder.ToTable("ConnectionCatalogs");
        builder.HasKey(c => c.Id);
        builder.Property(c => c.Id).ValueGeneratedNever();
        builder.Property(c => c.Version).IsConcurrencyToken();
        builder.HasIndex(c => new { c.BrokerId, c.PublicationId }).IsUnique();
        builder.HasIndex(c => c.PublicationId); // a project's listing finds its publications' catalogs by publication (P1)
        builder.HasOne<ServiceBroker>().WithMany().HasForeignKey(c => c.BrokerId).OnDelete(DeleteBehavior.Cascade);
        builder.Property(c => c.LastChange).HasConversion(JsonValue.Converter<CatalogChange?>());
        builder.HasMany(c => c.Services).WithOne().HasForeignKey("ConnectionCatalogId").OnDelete(DeleteBehavior.Cascade);
        builder.Navigation(c => c.Services).UsePropertyAccessMode(PropertyAccessMode.Field);
        builder.Property(c => c.RefreshRequestedBy).HasMaxLength(200);
        builder.Property(c => c.DocumentFingerprint).HasMaxLength(64);
        builder.Property(c => c.RefreshRequestedAt).HasConversion(new DateTimeOffsetToBinaryConverter());
        builder.Property(c => c.RefreshClaimedUntil).HasConversion(new DateTimeOffsetToBinaryConverter());
        builder.HasIndex(c => c.RefreshRequestedAt);
    }
}

internal sealed class ServiceOfferingConfiguration : IEntityTypeConfiguration<ServiceOffering>
{
    public void Configure(EntityTypeBuilder<ServiceOffering> builder)
    {
        builder.ToTable("ServiceOfferings");
        builder.HasKey(s => s.Id);
        builder.Property(s => s.Id).ValueGeneratedNever();
        builder.Property(s => s.BrokerServiceId).IsRequired();
        builder.Property(s => s.Name).IsRequired();
        builder.Property(s => s.Description).IsRequired();
        builder.Property(s => s.Tags).HasConversion(JsonValue.ListConverter(), JsonValue.ListComparer());
        builder.Property(s => s.Requires).HasConversion(JsonValue.ListConverter(), JsonValue.ListComparer());
        builder.HasMany(s => s.Plans).WithOne().HasForeignKey(p => p.ServiceOfferingId).OnDelete(DeleteBehavior.Cascade);
        builder.Navigation(s => s.Plans).UsePropertyAccessMode(PropertyAccessMode.Field);
    }
}

internal sealed class ServicePlanConfiguration : IEntityTypeConfiguration<ServicePlan>
{
    public void Configure(EntityTypeBuilder<ServicePlan> builder)
    {
        builder.ToTable("ServicePlans");
        builder.HasKey(p => p.Id);
        builder.Property(p => p.Id).ValueGeneratedNever();
        builder.Property(p => p.BrokerPlanId).IsRequired();
        builder.Property(p => p.Name).IsRequired();
        builder.Property(p => p.Description).IsRequired();
    }
}

/// <summary>Small values stored as JSON text (lists of tags, the last catalog change).</summary>
internal static class JsonValue
{
    public static ValueConverter<T, string> Converter<T>() => new(
        v => JsonSerializer.Serialize(v, JsonSerializerOptions.Web),
        s => JsonSerializer.Deserialize<T>(s, JsonSerializerOptions.Web)!);

    public static ValueConverter<IReadOnlyList<string>, string> ListConverter() => new(
        v => JsonSerializer.Serialize(v, JsonSerializerOptions.Web),
        s => JsonSerializer.Deserialize<List<string>>(s, JsonSerializerOptions.Web) ?? new List<string>());

    public static ValueComparer<IReadOnlyList<string>> ListComparer() => new(
        (a, b) => a!.SequenceEqual(b!),
        v => v.Aggregate(0, (hash, item) => HashCode.Combine(hash, item.GetHashCode(StringComparison.Ordinal))),
        v => v.ToList());
}
