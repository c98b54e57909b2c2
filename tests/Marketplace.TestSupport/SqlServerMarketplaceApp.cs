using DotNet.Testcontainers.Builders;
using Testcontainers.MsSql;

namespace Marketplace.TestSupport;

/// <summary>The app on SQL Server in a Testcontainers container; unavailable (tests skip) where no Docker engine answers.</summary>
public class SqlServerMarketplaceApp : MarketplaceApp
{
    private MsSqlContainer? _container;

    protected override async Task<DatabaseSettings> StartDatabaseAsync()
    {
        try
        {
            _container = new MsSqlBuilder("mcr.microsoft.com/mssql/server:2022-latest").Build();
            await _container.StartAsync();
            return new DatabaseSettings("SqlServer", _container.GetConnectionString());
        }
        catch (DockerUnavailableException e)
        {
            return DatabaseSettings.Unavailable(
                $"SQL Server tests need a Docker engine for Testcontainers.MsSql, and none is reachable here ({e.Message.Split('\n')[0]})");
        }
    }

    protected override async Task StopDatabaseAsync()
    {
        if (_container is not null)
        {
            await _container.DisposeAsync();
        }
    }
}
