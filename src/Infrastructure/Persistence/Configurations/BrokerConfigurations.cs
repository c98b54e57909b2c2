using Marketplace.Domain.Brokers;
using Marketplace.Domain.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Marketplace.Infrastructure.Persistence.Configurations;

internal sealed class ServiceBrokerConfiguration : IEntityTypeConfiguration<ServiceBroker>
{
    public void Configure(EntityTypeBuilder<ServiceBroker> builder)
    {
        builder.ToTable("ServiceBrokers");
        builder.HasKey(b => b.Id);
        builder.Property(b => b.Id).ValueGeneratedNever();
        builder.Property(b => b.Version).IsConcurrencyToken();
        builder.Property(b => b.Identifier).HasMaxLength(63).IsRequired();
        builder.HasIndex(b => b.Identifier).IsUnique();
        builder.Property(b => b.Name).HasMaxLength(200).IsRequired();
        builder.Property(b => b.Endpoint).HasMaxLength(2048).IsRequired();
        builder.Property(b => b.Username).HasMaxLength(200).IsRequired();
        builder.Property(b => b.ProtectedPassword).IsRequired();
        builder.HasIndex(b => b.CustomerId);
        builder.HasOne<Customer>().WithMany().HasForeignKey(b => b.CustomerId).OnDelete(DeleteBehavior.Restrict);
        builder.HasMany(b => b.Publications).WithOne().HasForeignKey(p => p.BrokerId).OnDelete(DeleteBehavior.Cascade);
        builder.Navigation(b => b.Publications).UsePropertyAccessMode(PropertyAccessMode.Field);
    }
}

internal sealed class ConnectionHealthConfiguration : IEntityTypeConfiguration<ConnectionHealth>
{
    public void Configure(EntityTypeBuilder<ConnectionHealth> builder)
    {
        builder.ToTable("ConnectionHealth");
        builder.HasKey(h => h.Id);
        builder.Property(h => h.Id).ValueGeneratedNever();
        builder.Property(h => h.Version).IsConcurrencyToken();
        builder.Property(h => h.State).HasConversion<string>().HasMaxLength(20);
        builder.Property(h => h.LastError).HasMaxLength(ConnectionHealth.MaxErrorLength);

        // Compared in SQL (a probe is due), so stored as sortable ticks on every provider.
        builder.Property(h => h.NextProbeAt).HasConversion(new DateTimeOffsetToBinaryConverter());
        builder.HasOne<ServiceBroker>().WithMany().HasForeignKey(h => h.BrokerId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class PublicationConfiguration : IEntityTypeConfiguration<Publication>
{
    public void Configure(EntityTypeBuilder<Publication> builder)
    {
        builder.ToTable("Publications");
        builder.HasKey(p => p.Id);
        builder.Property(p => p.Id).ValueGeneratedNever();
        builder.Property(p => p.LocationIdentifier).HasMaxLength(80).IsRequired();
        builder.Property(p => p.Endpoint).HasMaxLength(2048).IsRequired();
        builder.Property(p => p.Username).HasMaxLength(200).IsRequired();
        builder.Property(p => p.ProtectedPassword).IsRequired();
        builder.Property(p => p.Status).HasConversion<string>().HasMaxLength(20);
        builder.Property(p => p.Reason).HasMaxLength(2000);
        builder.Property(p => p.DecidedBy).HasMaxLength(200);
        builder.HasIndex(p => new { p.Status, p.LocationIdentifier });
        builder.Ignore(p => p.HoldsLocation);
    }
}
