using System.Diagnostics;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Marketplace.FakeBroker.Tests.Support;
using Shouldly;

namespace Marketplace.FakeBroker.Tests;

public sealed class CatalogTests
{
    [Fact]
    public async Task The_sample_catalog_is_served_as_json_to_an_authenticated_client()
    {
        await using var broker = await Osb.StartBrokerAsync();
        using var client = Osb.Client(broker);

        using var response = await client.GetAsync(new Uri("v2/catalog", UriKind.Relative));

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType?.MediaType.ShouldBe("application/json");
        var catalog = await response.ReadJsonAsync();
        var services = catalog["services"]!.AsArray();
        services.Select(s => (string?)s!["id"]).ShouldBe([SampleCatalog.DatabaseServiceId, SampleCatalog.CacheServiceId]);
        services.ShouldAllBe(s => s!["plans"]!.AsArray().Count == 2);
        catalog["x-vendor-catalog-revision"].ShouldNotBeNull();
        var small = services[0]!["plans"]![0]!;
        ((string?)small["schemas"]!["service_instance"]!["create"]!["parameters"]!["$schema"]).ShouldBe("http://json-schema.org/draft-04/schema#");
        ((int?)small["maximum_polling_duration"]).ShouldBe(600);
    }

    [Fact]
    public async Task A_replaced_catalog_a_status_override_and_a_malformed_body_are_served_as_set()
    {
        await using var broker = await Osb.StartBrokerAsync();
        using var client = Osb.Client(broker);
        var catalog = SampleCatalog.Create();
        catalog["services"]!.AsArray().RemoveAt(1);
        broker.Catalog = catalog;

        using (var replaced = await client.GetAsync(new Uri("v2/catalog", UriKind.Relative)))
        {
            (await replaced.ReadJsonAsync())["services"]!.AsArray().Count.ShouldBe(1);
        }

        broker.CatalogStatus = 500;
        using (var failing = await client.GetAsync(new Uri("v2/catalog", UriKind.Relative)))
        {
            failing.StatusCode.ShouldBe(HttpStatusCode.InternalServerError);
            (await failing.ReadJsonAsync())["description"].ShouldNotBeNull();
        }

        broker.CatalogStatus = null;
        broker.MalformedCatalog = true;
        using var malformed = await client.GetAsync(new Uri("v2/catalog", UriKind.Relative));
        malformed.StatusCode.ShouldBe(HttpStatusCode.OK);
        malformed.Content.Headers.ContentType?.MediaType.ShouldBe("application/json");
        var text = await malformed.Content.ReadAsStringAsync();
        Should.Throw<JsonException>(() => JsonNode.Parse(text));
    }

    [Fact]
    public async Task A_redirect_answers_302_with_the_location()
    {
        await using var broker = await Osb.StartBrokerAsync();
        using var client = Osb.Client(broker, handler: new SocketsHttpHandler { AllowAutoRedirect = false });
        broker.CatalogRedirectTo = new Uri("http://169.254.169.254/latest/meta-data/");

        using var response = await client.GetAsync(new Uri("v2/catalog", UriKind.Relative));

        response.StatusCode.ShouldBe(HttpStatusCode.Found);
        response.Headers.Location.ShouldBe(new Uri("http://169.254.169.254/latest/meta-data/"));
    }

    [Fact]
    public async Task A_delay_is_honoured_and_cut_short_when_the_client_gives_up()
    {
        await using var broker = await Osb.StartBrokerAsync();
        using var client = Osb.Client(broker);
        broker.CatalogDelay = TimeSpan.FromMilliseconds(400);

        var watch = Stopwatch.StartNew();
        using (var slow = await client.GetAsync(new Uri("v2/catalog", UriKind.Relative)))
        {
            slow.StatusCode.ShouldBe(HttpStatusCode.OK);
        }
        watch.Elapsed.ShouldBeGreaterThanOrEqualTo(TimeSpan.FromMilliseconds(390));

        broker.Reset();
        broker.CatalogDelay = TimeSpan.FromMinutes(5);
        using var giveUp = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        await Should.ThrowAsync<OperationCanceledException>(() => client.GetAsync(new Uri("v2/catalog", UriKind.Relative), giveUp.Token));

        var abandoned = await broker.WaitForRequestAsync(r => r.Operation == OsbOperation.Catalog && r.IsCompleted);
        abandoned.Aborted.ShouldBeTrue();
        abandoned.ResponseStatus.ShouldBeNull();
        (abandoned.CompletedAt - abandoned.ReceivedAt)!.Value.ShouldBeLessThan(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task Overlapping_catalog_requests_are_counted()
    {
        await using var broker = await Osb.StartBrokerAsync();
        using var client = Osb.Client(broker);
        broker.CatalogDelay = TimeSpan.FromMilliseconds(500);

        var responses = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => client.GetAsync(new Uri("v2/catalog", UriKind.Relative))));
        foreach (var response in responses)
        {
            response.StatusCode.ShouldBe(HttpStatusCode.OK);
            response.Dispose();
        }
        broker.MaxConcurrentCatalogRequests.ShouldBe(3);

        broker.Reset();
        broker.CatalogDelay = TimeSpan.Zero;
        for (var i = 0; i < 2; i++)
        {
            using var response = await client.GetAsync(new Uri("v2/catalog", UriKind.Relative));
        }
        broker.MaxConcurrentCatalogRequests.ShouldBe(1);
        broker.Requests.Count.ShouldBe(2);
    }
}
