using System.Globalization;
using System.Text;
using Marketplace.Infrastructure.Persistence;
using Marketplace.Infrastructure.Persistence.CompiledModels.Sqlite;
using Marketplace.Infrastructure.Persistence.CompiledModels.SqlServer;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;

namespace Marketplace.SqlServer.Tests;

/// <summary>
/// The compiled EF Core models (start-up, P5) must say exactly what <c>OnModelCreating</c> says. When one of these
/// fails, run <c>bash build/compiled-models.sh</c> and commit what it regenerates.
/// </summary>
public sealed class CompiledModelTests
{
    [Fact]
    public void The_SQLite_context_runs_on_its_compiled_model_and_it_matches_the_configuration()
    {
        using var context = new SqliteDesignTimeFactory().CreateDbContext([]);
        context.Model.ShouldBeAssignableTo<SqliteMarketplaceDbContextModel>();
        AssertSameModel(context);
    }

    [Fact]
    public void The_SQL_Server_context_runs_on_its_compiled_model_and_it_matches_the_configuration()
    {
        using var context = new SqlServerDesignTimeFactory().CreateDbContext([]);
        context.Model.ShouldBeAssignableTo<SqlServerMarketplaceDbContextModel>();
        AssertSameModel(context);
    }

    private static void AssertSameModel(DbContext context)
    {
        var compiled = context.Model;
        var configured = context.GetService<IDesignTimeModel>().Model;

        var described = Describe(compiled);
        described.ShouldContain("Marketplace.Domain.ServiceInstances.BrokerOperation -> BrokerOperations");
        described.ShouldBe(Describe(configured), "run bash build/compiled-models.sh");
    }

    /// <summary>
    /// How EF Core reads and writes each entity, one line per fact. Lengths, collations, index filters and seed data
    /// live only in the design-time model: they shape the schema, which the migration tests check.
    /// </summary>
    private static string Describe(IModel model)
    {
        var text = new StringBuilder();
        foreach (var entity in model.GetEntityTypes().OrderBy(e => e.Name, StringComparer.Ordinal))
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"{entity.Name} -> {entity.GetTableName()}");
            DescribeProperties(text, entity);
            foreach (var navigation in entity.GetNavigations().OrderBy(n => n.Name, StringComparer.Ordinal))
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"  nav {navigation.Name} {navigation.ClrType.Name} field={navigation.FieldInfo?.Name} " +
                    $"access={navigation.GetPropertyAccessMode()}");
            }

            foreach (var key in entity.GetKeys().OrderBy(k => k.ToString(), StringComparer.Ordinal))
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"  key {string.Join(',', key.Properties.Select(p => p.Name))} primary={key.IsPrimaryKey()}");
            }

            foreach (var foreignKey in entity.GetForeignKeys().OrderBy(k => k.ToString(), StringComparer.Ordinal))
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"  fk {string.Join(',', foreignKey.Properties.Select(p => p.Name))} -> " +
                    $"{foreignKey.PrincipalEntityType.Name} delete={foreignKey.DeleteBehavior} required={foreignKey.IsRequired}");
            }

            foreach (var index in entity.GetIndexes().OrderBy(i => i.ToString(), StringComparer.Ordinal))
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"  index {string.Join(',', index.Properties.Select(p => p.Name))} unique={index.IsUnique}");
            }
        }

        return text.ToString();
    }

    private static void DescribeProperties(StringBuilder text, ITypeBase type)
    {
        foreach (var property in type.GetProperties().OrderBy(p => p.Name, StringComparer.Ordinal))
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"  {type.ShortName()}.{property.Name} {property.ClrType.Name} column={property.GetColumnName()} store={property.GetRelationalTypeMapping().StoreType} " +
                $"nullable={property.IsNullable} " +
                $"concurrency={property.IsConcurrencyToken} generated={property.ValueGenerated} field={property.FieldInfo?.Name} " +
                $"access={property.GetPropertyAccessMode()} converter={property.GetValueConverter()?.ProviderClrType.Name} " +
                $"comparer={property.GetValueComparer().GetType().Name}");
        }

        foreach (var complex in type.GetComplexProperties().OrderBy(p => p.Name, StringComparer.Ordinal))
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"  complex {complex.Name} {complex.ClrType.Name} nullable={complex.IsNullable}");
            DescribeProperties(text, complex.ComplexType);
        }
    }
}
