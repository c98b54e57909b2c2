using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Marketplace.Bench.Infrastructure;

/// <summary>
/// Reads the app's SQLite file directly, read-only and without pooling, so that watching thousands of instances costs
/// the API nothing. Columns as mapped in src/Infrastructure/Persistence/Configurations/ServiceInstanceConfiguration.cs:
/// <c>State</c> is the enum name (<c>Creating</c>, <c>Ready</c> …), date-times are EF Core's SQLite text
/// (<c>yyyy-MM-dd HH:mm:ss.FFFFFFF+00:00</c>), ids are GUID text.
/// </summary>
internal sealed class DatabaseObserver(string databaseFile)
{
    public async Task<IReadOnlyDictionary<string, int>> InstanceStatesAsync() => await CountByStateAsync("ServiceInstances");

    public async Task<IReadOnlyDictionary<string, int>> BindingStatesAsync() => await CountByStateAsync("ServiceBindings");

    /// <summary>Operation records still in the database (in flight, or waiting for a retry).</summary>
    public async Task<long> OperationCountAsync()
    {
        await using var connection = await OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM BrokerOperations";
        return (long)(await command.ExecuteScalarAsync())!;
    }

    public async Task<IReadOnlyList<InstanceRow>> InstancesAsync()
    {
        await using var connection = await OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT Id, State, CreatedAt, LastOperationType, LastOperationState, LastOperationUpdatedAt, LastOperationDescription
            FROM ServiceInstances
            """;
        var rows = new List<InstanceRow>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows.Add(new InstanceRow(
                Guid.Parse(reader.GetString(0)),
                reader.GetString(1),
                ParseTime(reader.GetString(2)),
                reader.GetString(3),
                reader.GetString(4),
                ParseTime(reader.GetString(5)),
                reader.IsDBNull(6) ? null : reader.GetString(6)));
        }

        return rows;
    }

    public async Task<IReadOnlyList<(Guid Id, Guid InstanceId, string State)>> BindingsAsync()
    {
        await using var connection = await OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT Id, InstanceId, State FROM ServiceBindings";
        var rows = new List<(Guid, Guid, string)>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows.Add((Guid.Parse(reader.GetString(0)), Guid.Parse(reader.GetString(1)), reader.GetString(2)));
        }

        return rows;
    }

    public static DateTimeOffset ParseTime(string text) =>
        DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);

    private async Task<IReadOnlyDictionary<string, int>> CountByStateAsync(string table)
    {
        await using var connection = await OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT State, COUNT(*) FROM {table} GROUP BY State";
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            counts[reader.GetString(0)] = reader.GetInt32(1);
        }

        return counts;
    }

    private async Task<SqliteConnection> OpenAsync()
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = databaseFile,
            Mode = SqliteOpenMode.ReadOnly,
            Pooling = false,
            DefaultTimeout = 30,
        }.ToString());
        await connection.OpenAsync();
        return connection;
    }
}

/// <summary>One row of ServiceInstances, as far as the benchmarks need it.</summary>
internal sealed record InstanceRow(
    Guid Id, string State, DateTimeOffset CreatedAt, string LastOperationType, string LastOperationState, DateTimeOffset LastOperationUpdatedAt, string? LastOperationDescription)
{
    /// <summary>From the POST to the last change of its operation (for a Ready instance: when the marketplace marked it ready).</summary>
    public TimeSpan Age => LastOperationUpdatedAt - CreatedAt;
}

/// <summary>"Creating=12 Ready=9988" in a fixed order.</summary>
internal static class StateCounts
{
    public static string Describe(IReadOnlyDictionary<string, int> counts) =>
        counts.Count == 0 ? "none" : string.Join(' ', counts.OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => $"{c.Key}={c.Value}"));

    public static int Of(this IReadOnlyDictionary<string, int> counts, string state) => counts.GetValueOrDefault(state);
}
