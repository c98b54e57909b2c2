using Marketplace.Infrastructure.BackgroundJobs;

namespace Marketplace.Application.Tests.BrokerOperations;

/// <summary>
/// Periodic catalog refreshes of different brokers do not all fire in the same minute: each connection's recurring job
/// gets a stable offset of its own within the interval (the same in every process and after every restart).
/// </summary>
public sealed class RefreshScheduleSpread
{
    [Fact]
    public void Hourly_refreshes_of_two_hundred_brokers_spread_over_the_hour()
    {
        var schedule = new CatalogRefreshSchedule(TimeSpan.FromHours(1));

        var minutes = Enumerable.Range(0, 200).Select(i => schedule.CronFor($"catalog-refresh:broker-{i}"))
            .Select(cron => int.Parse(cron.Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture))
            .ToList();

        minutes.ShouldAllBe(m => m >= 0 && m < 60);
        minutes.Distinct().Count().ShouldBeGreaterThan(45, "two hundred brokers use most minutes of the hour");
        minutes.GroupBy(m => m).Max(g => g.Count()).ShouldBeLessThan(12, "no minute gets a crowd");
    }

    [Fact]
    public void A_connections_offset_is_stable()
    {
        var first = new CatalogRefreshSchedule(TimeSpan.FromHours(1)).CronFor("catalog-refresh:acme-postgres@eu-west");
        var again = new CatalogRefreshSchedule(TimeSpan.FromHours(1)).CronFor("catalog-refresh:acme-postgres@eu-west");

        again.ShouldBe(first);
        first.ShouldEndWith(" * * * *");
    }

    [Theory]
    [InlineData(15, "/15 * * * *")]
    [InlineData(360, " * * *")]
    [InlineData(2880, " * * *")]
    public void Other_intervals_keep_their_period_with_an_offset(int minutes, string ending)
    {
        var cron = new CatalogRefreshSchedule(TimeSpan.FromMinutes(minutes)).CronFor("catalog-refresh:broker");

        cron.ShouldEndWith(ending);
        Hangfire.Cron.Minutely().ShouldNotBe(cron);
    }

    [Fact]
    public void Every_minute_stays_every_minute()
    {
        new CatalogRefreshSchedule(TimeSpan.FromMinutes(1)).CronFor("catalog-refresh:broker").ShouldBe(Hangfire.Cron.Minutely());
    }
}
