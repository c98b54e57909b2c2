using Marketplace.Domain.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Marketplace.Infrastructure.Persistence.Configurations;

internal sealed class LocationConfiguration : IEntityTypeConfiguration<Location>
{
    /// <summary>Fixed so that the seed in the migrations never changes.</summary>
    private static readonly Guid GlobalSeedVersion = new("00000000-0000-0000-0000-0000000000a1");

    public void Configure(EntityTypeBuilder<Location> builder)
    {
        builder.ToTable("Locations");
        builder.HasKey(l => l.Id);
        builder.Property(l => l.Id).ValueGeneratedNever();
        builder.Property(l => l.Version).IsConcurrencyToken();
        builder.Property(l => l.Identifier).HasMaxLength(80).IsRequired();
        builder.HasIndex(l => l.Identifier).IsUnique();
        builder.Property(l => l.Name).HasMaxLength(250).IsRequired();
        builder.Property(l => l.Type).HasConversion<string>().HasMaxLength(20);
        builder.HasData(new
        {
            Id = Location.GlobalId,
            Identifier = Location.GlobalIdentifier,
            Name = "Global",
            Type = LocationType.Global,
            CustomerId = (Guid?)null,
            Version = GlobalSeedVersion,
        });
    }
}

internal sealed class CustomerConfiguration : IEntityTypeConfiguration<Customer>
{
    public void Configure(EntityTypeBuilder<Customer> builder)
    {
        builder.ToTable("Customers");
        builder.HasKey(c => c.Id);
        builder.Property(c => c.Id).ValueGeneratedNever();
        builder.Property(c => c.Version).IsConcurrencyToken();
        builder.Property(c => c.Identifier).HasMaxLength(63).IsRequired();
        builder.HasIndex(c => c.Identifier).IsUnique();
        builder.Property(c => c.Name).HasMaxLength(200).IsRequired();
        builder.OwnsMany(c => c.Admins, admin =>
        {
            admin.ToTable("CustomerAdmins");
            admin.WithOwner().HasForeignKey("CustomerId");
            admin.Property(a => a.UserId).HasMaxLength(200);
            admin.HasKey("CustomerId", nameof(CustomerAdmin.UserId));
            admin.HasIndex(a => a.UserId);
        });
        builder.Navigation(c => c.Admins).UsePropertyAccessMode(PropertyAccessMode.Field);
    }
}

internal sealed class ProjectConfiguration : IEntityTypeConfiguration<Project>
{
    public void Configure(EntityTypeBuilder<Project> builder)
    {
        builder.ToTable("Projects");
        builder.HasKey(p => p.Id);
        builder.Property(p => p.Id).ValueGeneratedNever();
        builder.Property(p => p.Version).IsConcurrencyToken();
        builder.Property(p => p.Identifier).HasMaxLength(63).IsRequired();
        builder.HasIndex(p => new { p.CustomerId, p.Identifier }).IsUnique();
        builder.Property(p => p.Name).HasMaxLength(200).IsRequired();
        builder.HasOne<Customer>().WithMany().HasForeignKey(p => p.CustomerId).OnDelete(DeleteBehavior.Restrict);
        builder.OwnsMany(p => p.Members, member =>
        {
            member.ToTable("ProjectMembers");
            member.WithOwner().HasForeignKey("ProjectId");
            member.Property(m => m.UserId).HasMaxLength(200);
            member.HasKey("ProjectId", nameof(ProjectMember.UserId));
            member.HasIndex(m => m.UserId);
        });
        builder.OwnsMany(p => p.Locations, location =>
        {
            location.ToTable("ProjectLocations");
            location.WithOwner().HasForeignKey("ProjectId");
            location.Property(l => l.LocationIdentifier).HasMaxLength(80);
            location.HasKey("ProjectId", nameof(ProjectLocation.LocationIdentifier));
        });
        builder.Navigation(p => p.Members).UsePropertyAccessMode(PropertyAccessMode.Field);
        builder.Navigation(p => p.Locations).UsePropertyAccessMode(PropertyAccessMode.Field);
    }
}
