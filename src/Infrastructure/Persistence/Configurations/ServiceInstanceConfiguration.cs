using Marketplace.Domain.Auditing;
using Marketplace.Domain.Osb;
using Marketplace.Domain.ServiceInstances;
using Marketplace.Domain.Tenancy;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

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
        // Broker ids are stored in full, however long (C25), like the catalog's.
        builder.Property(i => i.BrokerServiceId).IsRequired();
        builder.Property(i => i.BrokerPlanId).IsRequired();
        builder.Property(i => i.DashboardUrl).HasMaxLength(ServiceInstance.MaxDashboardUrlLength);
        builder.Property(i => i.RefusedUpdate);
        builder.Ignore(i => i.ConnectionId);
        builder.ComplexProperty(i => i.LastOperation, LastOperationColumns.Map);
        builder.HasIndex(i => new { i.ProjectId, i.Name }).IsUnique();
        builder.HasIndex(i => i.PlanId);
        builder.HasIndex(i => i.BrokerId);
        builder.HasOne<Project>().WithMany().HasForeignKey(i => i.ProjectId).OnDelete(DeleteBehavior.Restrict);
        // Plans are kept (inactive) while instances use them; no FK to brokers or plans so an orphaned instance survives its broker's deletion.
    }
}

internal sealed class ServiceBindingConfiguration : IEntityTypeConfiguration<ServiceBinding>
{
    public void Configure(EntityTypeBuilder<ServiceBinding> builder)
    {
        builder.ToTable("ServiceBindings");
        builder.HasKey(b => b.Id);
        builder.Property(b => b.Id).ValueGeneratedNever();
        builder.Property(b => b.Version).IsConcurrencyToken();
        builder.Property(b => b.Name).HasMaxLength(200).IsRequired();
        builder.Property(b => b.State).HasConversion<string>().HasMaxLength(20);
        builder.ComplexProperty(b => b.LastOperation, LastOperationColumns.Map);
        builder.HasIndex(b => new { b.InstanceId, b.Name }).IsUnique();
        builder.HasOne<ServiceInstance>().WithMany().HasForeignKey(b => b.InstanceId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class BrokerOperationConfiguration : IEntityTypeConfiguration<BrokerOperation>
{
    public void Configure(EntityTypeBuilder<BrokerOperation> builder)
    {
        // Due-time and claim columns are compared and ordered in SQL; as UTC ticks they sort on every provider.
        var ticks = new DateTimeOffsetToBinaryConverter();
        builder.ToTable("BrokerOperations");
        builder.HasKey(o => o.Id);
        builder.Property(o => o.Id).ValueGeneratedNever();

        // No concurrency token: claims keep workers apart, and a user's command that ends an operation (a delete during
        // a create, a broker deletion, an operator's purge) must win over the background's bookkeeping of the same row.
        // A row deleted under a worker still fails that worker's save (no row affected), which then changes nothing.
        builder.Property(o => o.Type).HasConversion<string>().HasMaxLength(20);
        builder.Property(o => o.Step).HasConversion<string>().HasMaxLength(30);
        builder.Property(o => o.BrokerServiceId).IsRequired();
        builder.Property(o => o.BrokerPlanId).IsRequired();
        builder.Property(o => o.OperationToken).HasMaxLength(OsbAnswerReader.MaxOperationLength);
        builder.Property(o => o.OriginatingUserId).HasMaxLength(200);
        builder.Property(o => o.LastError).HasMaxLength(BrokerOperation.MaxErrorLength);
        builder.Property(o => o.NextAttemptAt).HasConversion(ticks);
        builder.Property(o => o.ClaimedUntil).HasConversion(ticks);
        builder.Property(o => o.Deadline).HasConversion(ticks);
        builder.Property(o => o.ResumeAt).HasConversion(ticks);
        builder.Ignore(o => o.HasEnded);
        builder.Ignore(o => o.IsOrphanMitigation);
        builder.Ignore(o => o.BrokerPlan);
        // The dispatcher's queries: the next due operation of a connection, what is in flight, what is past its deadline.
        builder.HasIndex(o => new { o.ConnectionId, o.NextAttemptAt });
        builder.HasIndex(o => new { o.ConnectionId, o.ClaimedUntil }); // a connection's calls in flight, counted in the index alone
        builder.HasIndex(o => o.Deadline);
        builder.HasIndex(o => o.InstanceId);
        builder.HasIndex(o => o.BrokerId);
    }
}

internal sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> builder)
    {
        builder.ToTable("AuditEntries");
        builder.HasKey(a => a.Id);
        builder.Property(a => a.At).HasConversion(new DateTimeOffsetToBinaryConverter()); // newest first, sorted in SQL on every provider
        builder.Property(a => a.Id).ValueGeneratedNever();
        builder.Property(a => a.UserId).HasMaxLength(200).IsRequired();
        builder.Property(a => a.Action).HasMaxLength(100).IsRequired();
        builder.Property(a => a.Target).HasMaxLength(200).IsRequired();
        builder.HasIndex(a => a.CustomerId);
        builder.HasIndex(a => a.At);
    }
}

internal static class LastOperationColumns
{
    public static void Map(ComplexPropertyBuilder<LastOperation> operation)
    {
        operation.Property(o => o.Type).HasColumnName("LastOperationType").HasConversion<string>().HasMaxLength(20);
        operation.Property(o => o.State).HasColumnName("LastOperationState").HasConversion<string>().HasMaxLength(20);
        operation.Property(o => o.Description).HasColumnName("LastOperationDescription").HasMaxLength(LastOperation.MaxDescriptionLength);
        operation.Property(o => o.StartedAt).HasColumnName("LastOperationStartedAt");
        operation.Property(o => o.UpdatedAt).HasColumnName("LastOperationUpdatedAt");
        operation.Property(o => o.Code).HasColumnName("LastOperationCode").HasMaxLength(LastOperation.MaxCodeLength);
        operation.Property(o => o.RequestId).HasColumnName("LastOperationRequestId").HasMaxLength(LastOperation.MaxRequestIdLength);
    }
}
