using System.Diagnostics;
using System.Net;
using Marketplace.FakeBroker.Tests.Support;
using Shouldly;

namespace Marketplace.FakeBroker.Tests;

public sealed class FlakyTests
{
    private static readonly FlakyBehaviour Behaviour = new()
    {
        Seed = 42,
        ErrorShare = 0.3,
        SlowShare = 0.2,
        SlowDelay = TimeSpan.FromMilliseconds(150),
    };

    [Fact]
    public async Task The_same_seed_fails_and_slows_the_same_calls()
    {
        var first = await ProvisionManyAsync(Behaviour, 40);
        var second = await ProvisionManyAsync(Behaviour, 40);
        var other = await ProvisionManyAsync(Behaviour with { Seed = 7 }, 40);

        second.Select(c => c.Status).ShouldBe(first.Select(c => c.Status));
        other.Select(c => c.Status).ShouldNotBe(first.Select(c => c.Status));
        first.Count(c => c.Status == HttpStatusCode.InternalServerError).ShouldBeInRange(4, 22);
        first.Where(c => c.Status == HttpStatusCode.Created).Count(c => c.Elapsed >= Behaviour.SlowDelay).ShouldBeInRange(1, 20);
        first.Select(c => c.Status).Distinct().Order().ShouldBe([HttpStatusCode.Created, HttpStatusCode.InternalServerError]);
    }

    [Fact]
    public async Task Statistics_count_what_was_done_and_the_catalog_and_other_operations_can_stay_well()
    {
        await using var broker = await Osb.StartBrokerAsync();
        using var client = Osb.Client(broker);
        broker.Flaky(Behaviour with { ErrorShare = 1, SlowShare = 0, Operations = [OsbOperation.Update, OsbOperation.Provision] });

        using (var catalog = await client.GetAsync(new Uri("v2/catalog", UriKind.Relative)))
        {
            catalog.StatusCode.ShouldBe(HttpStatusCode.OK);
        }
        var instance = new Uri($"v2/service_instances/{Guid.NewGuid()}", UriKind.Relative);
        using (var content = Osb.Json(Osb.ProvisionBody()))
        using (var failed = await client.PutAsync(instance, content))
        {
            failed.StatusCode.ShouldBe(HttpStatusCode.InternalServerError);
            ((string?)(await failed.ReadJsonAsync())["error"]).ShouldBe("InternalError");
        }
        broker.Instances.ShouldBeEmpty();
        using (var content = Osb.Json("""{ "service_id": "x", "parameters": { "a": 1 } }"""))
        using (var refused = await client.PatchAsync(instance, content))
        {
            refused.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
            ((string?)(await refused.ReadJsonAsync())["error"]).ShouldBe("ConcurrencyError");
        }
        using (var gone = await client.DeleteAsync(new Uri($"{instance}?{Osb.DeleteQuery()}", UriKind.Relative)))
        {
            gone.StatusCode.ShouldBe(HttpStatusCode.Gone); // Deprovision was not chosen: it behaves
        }
        broker.FlakyStatistics.ShouldBe(new FlakyStatistics(Errors: 2, Slow: 0));

        broker.Flaky(null);
        using var content2 = Osb.Json(Osb.ProvisionBody());
        using var created = await client.PutAsync(instance, content2);
        created.StatusCode.ShouldBe(HttpStatusCode.Created);
        broker.FlakyStatistics.ShouldBe(new FlakyStatistics(0, 0));
    }

    [Fact]
    public async Task Shares_outside_zero_to_one_are_refused()
    {
        await using var broker = await Osb.StartBrokerAsync();
        Should.Throw<ArgumentOutOfRangeException>(() => broker.Flaky(new FlakyBehaviour { ErrorShare = 0.7, SlowShare = 0.4 }));
        Should.Throw<ArgumentOutOfRangeException>(() => broker.Flaky(new FlakyBehaviour { ErrorShare = -0.1 }));
    }

    private static async Task<List<(HttpStatusCode Status, TimeSpan Elapsed)>> ProvisionManyAsync(FlakyBehaviour behaviour, int count)
    {
        await using var broker = await Osb.StartBrokerAsync();
        using var client = Osb.Client(broker);
        broker.Flaky(behaviour);
        var calls = new List<(HttpStatusCode, TimeSpan)>();
        for (var i = 0; i < count; i++)
        {
            using var content = Osb.Json(Osb.ProvisionBody());
            var watch = Stopwatch.StartNew();
            using var response = await client.PutAsync(new Uri($"v2/service_instances/{Guid.NewGuid()}", UriKind.Relative), content);
            calls.Add((response.StatusCode, watch.Elapsed));
        }
        var statistics = broker.FlakyStatistics;
        statistics.Errors.ShouldBe(calls.Count(c => c.Item1 == HttpStatusCode.InternalServerError));
        return calls;
    }
}
