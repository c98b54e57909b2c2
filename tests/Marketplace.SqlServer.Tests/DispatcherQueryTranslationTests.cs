using Marketplace.Application.Common.Ports;
using Marketplace.Infrastructure.BrokerWork;
using Marketplace.Infrastructure.Persistence;
using Marketplace.Infrastructure.Persistence.Repositories;
using Microsoft.Data.SqlClient;
using Microsoft.EntityFrameworkCore;

namespace Marketplace.SqlServer.Tests;

/// <summary>
/// The broker work dispatcher's queries (claims, the pass over every connection) translate to SQL Server, checked
/// without a server: EF Core translates a query before it opens the connection, so against a closed port the query
/// must fail on the connection — a query EF Core cannot translate would fail before, with InvalidOperationException.
/// Only each method's first statement runs here; the SQL Server copies of the API tests run the rest where Docker is.
/// </summary>
public sealed class DispatcherQueryTranslationTests
{
    private static readonly DateTimeOffset Now = new(2025, 9, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Looking_for_due_operations_before_a_claim_translates()
    {
        await using var db = Unreachable();
        var claims = new OperationClaims(db, new DatabaseWriteGate(serializeWrites: false));

        await FailsOnTheConnectionAsync(() => claims.ClaimNextAsync(Guid.NewGuid(), 4, Guid.NewGuid(), Now, Now.AddMinutes(1), TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Finding_the_connections_with_work_translates()
    {
        await using var db = Unreachable();
        var query = new ConnectionWorkQuery(db, new DatabaseWriteGate(serializeWrites: false));

        await FailsOnTheConnectionAsync(() => query.WithWorkAsync(Now, 4, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Reading_releasing_and_failing_a_step_by_its_claim_translates()
    {
        var claim = new OperationClaim(Guid.NewGuid(), Guid.NewGuid(), Now.AddMinutes(1));
        await using var db = Unreachable();
        var claims = new OperationClaims(db, new DatabaseWriteGate(serializeWrites: false));

        await FailsOnTheConnectionAsync(() => new BrokerOperationRepository(db).FindClaimedAsync(claim, TestContext.Current.CancellationToken));
        await FailsOnTheConnectionAsync(() => claims.ReleaseAsync(claim, TestContext.Current.CancellationToken));
        await FailsOnTheConnectionAsync(() => claims.RecordStepFailureAsync(claim, "failed", Now, Now.AddSeconds(5), TestContext.Current.CancellationToken));
    }

    private static async Task FailsOnTheConnectionAsync(Func<Task> query)
    {
        var failure = await Should.ThrowAsync<Exception>(query);
        failure.ShouldNotBeOfType<InvalidOperationException>(failure.ToString());
        (failure as SqlException ?? failure.InnerException as SqlException).ShouldNotBeNull(failure.ToString());
    }

    /// <summary>SQL Server on a closed loopback port: refused at once, and no retries.</summary>
    private static SqlServerMarketplaceDbContext Unreachable() =>
        new(new DbContextOptionsBuilder<SqlServerMarketplaceDbContext>()
            .UseSqlServer("Server=tcp:127.0.0.1,1;Database=Marketplace;User Id=sa;Password=x;Connect Timeout=2;TrustServerCertificate=True")
            .Options);
}
