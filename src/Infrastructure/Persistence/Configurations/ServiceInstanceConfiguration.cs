using Marketplace.Domain.Catalog;
using Marketplace.Domain.ServiceInstances;
using Marketplace.Domain.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Marketplace.Infrastructure.Persistence.Configurations;

internal sealed class ServiceInstanceConfiguration : IEntityTypeConfiguration<ServiceInstance>
{
    public void Configure(EntityTypeBuilder<ServiceInstance> builder)
    {
        builder.ToTable("ServiceInstances");
        builder.HasKey(i => i.Id);
        builder.Property(i => i.Id).ValueGeneratedNever();
        builder.Property(i => i.Version).IsConcurrencyToken();
        builder.Property(i => i.Name).HasMaxLength(200).IsRequired();
        builder.Property(i => i.State).HasConversion<string>().HasMaxLength(20);
        builder.HasIndex(i => new { i.ProjectId, i.Name }).IsUnique();
        builder.HasIndex(i => i.PlanId);
        builder.HasOne<Project>().WithMany().HasForeignKey(i => i.ProjectId).OnDelete(DeleteBehavior.Restrict);
        // Plans are kept (inactive) while instances use them; no FK so an orphaned instance survives its broker's deletion.
    }
}
