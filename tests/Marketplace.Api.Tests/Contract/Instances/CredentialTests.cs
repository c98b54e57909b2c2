using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Marketplace.FakeBroker;
using Marketplace.Infrastructure.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Marketplace.Api.Tests.Contract.Instances;

/// <summary>
/// Done-when 5: a binding's credentials are exactly what the broker gave that binding, shown only in the
/// binding's detail and only to the project's members — a caller of another customer gets 404, others of the
/// customer (its admin, a platform admin) get 403, and lists and command answers never carry them.
/// That they never reach logs or the database in plain text is proven by Sqlite/BindingCredentialsNeverLeakTests.
/// </summary>
public sealed class CredentialTests(AppFixture app) : InstanceTest(app)
{
    [Fact]
    [Trait("Checklist", "I69")]
    [Trait("Checklist", "I70")]
    public async Task Each_binding_shows_the_credentials_the_broker_gave_it()
    {
        await using var marketplace = await SetUpAsync();
        var (instance, first, second) = await TwoReadyBindingsAsync(marketplace);

        var firstCredentials = await CredentialsAsync(marketplace.Tenant.Member, marketplace.BindingUrl(instance, first));
        var secondCredentials = await CredentialsAsync(marketplace.Tenant.Member, marketplace.BindingUrl(instance, second));

        JsonNode.DeepEquals(firstCredentials, BrokerCredentials(marketplace, first)).ShouldBeTrue(firstCredentials.ToJsonString());
        JsonNode.DeepEquals(secondCredentials, BrokerCredentials(marketplace, second)).ShouldBeTrue(secondCredentials.ToJsonString());
        firstCredentials["password"]!.GetValue<string>().ShouldNotBe(secondCredentials["password"]!.GetValue<string>());
        firstCredentials["username"]!.GetValue<string>().ShouldNotBe(secondCredentials["username"]!.GetValue<string>());
    }

    [Fact]
    public async Task Answers_that_can_carry_credentials_are_never_stored_by_a_cache()
    {
        await using var marketplace = await SetUpAsync();
        var (instance, first, _) = await TwoReadyBindingsAsync(marketplace);

        foreach (var url in new[] { marketplace.BindingUrl(instance, first), $"{marketplace.InstanceUrl(instance)}/bindings" })
        {
            var response = await marketplace.Tenant.Member.GetAsync(url);
            response.StatusCode.ShouldBe(HttpStatusCode.OK);
            response.Headers.CacheControl.ShouldNotBeNull(url).NoStore.ShouldBeTrue(url);
        }
    }

    [Fact]
    [Trait("Checklist", "I69")]
    public async Task Of_a_bind_answer_only_the_fields_OSB_defines_are_kept()
    {
        await using var marketplace = await SetUpAsync();
        var instance = await ProvisionAsync(marketplace);
        await WaitForStateAsync(marketplace, instance, "ready");
        marketplace.Broker.Script(OsbOperation.Bind, new ScriptedResponse(201, new JsonObject
        {
            ["credentials"] = new JsonObject { ["uri"] = "postgres://db.example.com/app" },
            ["syslog_drain_url"] = "syslog://logs.example.com:514",
            ["x-vendor-dump"] = new string('v', 200_000),
        }.ToJsonString()));

        var binding = await BindAsync(marketplace, instance);
        var ready = await WaitForBindingAsync(marketplace, instance, binding, "ready");

        ready["credentials"]!["uri"]!.GetValue<string>().ShouldBe("postgres://db.example.com/app");
        await using var scope = App.Services.CreateAsyncScope();
        var bindingId = binding["id"]!.GetValue<Guid>();
        var stored = await scope.ServiceProvider.GetRequiredService<MarketplaceDbContext>().ServiceBindings
            .Where(b => b.Id == bindingId).Select(b => b.ProtectedCredentials).SingleAsync(TestContext.Current.CancellationToken);
        var kept = JsonNode.Parse(scope.ServiceProvider.GetRequiredService<global::Marketplace.Application.Common.Ports.ISecretProtector>().Unprotect(stored!))!.AsObject();
        kept.Select(f => f.Key).ShouldBe(["credentials", "syslog_drain_url"], ignoreOrder: true);
    }

    [Theory]
    [InlineData("CfDJ8-not-what-the-key-ring-wrote", "credentials.undecryptable")]
    public async Task Credentials_that_cannot_be_read_say_so_instead_of_looking_not_ready(string stored, string code)
    {
        await using var marketplace = await SetUpAsync();
        var instance = await ProvisionAsync(marketplace);
        await WaitForStateAsync(marketplace, instance, "ready");
        var binding = await BindAsync(marketplace, instance);
        await WaitForBindingAsync(marketplace, instance, binding, "ready");
        await using (var scope = App.Services.CreateAsyncScope())
        {
            var bindingId = binding["id"]!.GetValue<Guid>();
            var db = scope.ServiceProvider.GetRequiredService<MarketplaceDbContext>();
            (await db.ServiceBindings.Where(b => b.Id == bindingId)
                .ExecuteUpdateAsync(b => b.SetProperty(x => x.ProtectedCredentials, stored), TestContext.Current.CancellationToken)).ShouldBe(1);
        }

        var read = await Expect(await marketplace.Tenant.Member.GetAsync(marketplace.BindingUrl(instance, binding)), HttpStatusCode.OK);

        read["state"]!.GetValue<string>().ShouldBe("ready");
        read["credentials"].ShouldBeNull();
        read["credentialsError"]!["code"]!.GetValue<string>().ShouldBe(code);
    }

    [Fact]
    public async Task Readable_credentials_carry_no_error()
    {
        await using var marketplace = await SetUpAsync();
        var (instance, first, _) = await TwoReadyBindingsAsync(marketplace);

        var read = await Expect(await marketplace.Tenant.Member.GetAsync(marketplace.BindingUrl(instance, first)), HttpStatusCode.OK);

        read["credentials"].ShouldNotBeNull();
        read["credentialsError"].ShouldBeNull();
    }

    [Fact]
    public async Task Every_member_of_the_project_reads_the_credentials()
    {
        await using var marketplace = await SetUpAsync();
        var instance = await ProvisionAsync(marketplace);
        await WaitForStateAsync(marketplace, instance, "ready");
        var binding = await BindAsync(marketplace, instance);
        await WaitForBindingAsync(marketplace, instance, binding, "ready");
        var colleague = Unique("colleague");
        await Expect(
            await marketplace.Tenant.CustomerAdmin.PutAsync($"/api/projects/{marketplace.Tenant.ProjectId}/members/{colleague}", null),
            HttpStatusCode.NoContent);

        var credentials = await CredentialsAsync(App.As(colleague), marketplace.BindingUrl(instance, binding));

        JsonNode.DeepEquals(credentials, BrokerCredentials(marketplace, binding)).ShouldBeTrue(credentials.ToJsonString());
    }

    [Fact]
    public async Task A_caller_of_another_customer_gets_404_for_the_binding_and_its_list()
    {
        await using var marketplace = await SetUpAsync();
        var (instance, binding, _) = await TwoReadyBindingsAsync(marketplace);
        var stranger = await CreateTenantAsync();

        foreach (var client in new[] { stranger.Member, stranger.CustomerAdmin })
        {
            await ExpectProblem(await client.GetAsync(marketplace.BindingUrl(instance, binding)), HttpStatusCode.NotFound, "project.not_found");
            await ExpectProblem(await client.GetAsync($"{marketplace.InstanceUrl(instance)}/bindings"), HttpStatusCode.NotFound, "project.not_found");
        }
    }

    [Fact]
    public async Task The_customer_s_admin_and_a_platform_admin_who_are_not_project_members_get_403()
    {
        await using var marketplace = await SetUpAsync();
        var (instance, binding, _) = await TwoReadyBindingsAsync(marketplace);

        foreach (var client in new[] { marketplace.Tenant.CustomerAdmin, Admin })
        {
            var problem = await ExpectProblem(await client.GetAsync(marketplace.BindingUrl(instance, binding)), HttpStatusCode.Forbidden, "auth.forbidden");
            problem["credentials"].ShouldBeNull();
            await ExpectProblem(await client.GetAsync($"{marketplace.InstanceUrl(instance)}/bindings"), HttpStatusCode.Forbidden, "auth.forbidden");
        }
    }

    [Fact]
    public async Task The_list_of_bindings_and_the_answers_to_bind_and_unbind_carry_no_credentials()
    {
        await using var marketplace = await SetUpAsync();
        var member = marketplace.Tenant.Member;
        var instance = await ProvisionAsync(marketplace);
        await WaitForStateAsync(marketplace, instance, "ready");
        var created = await BindAsync(marketplace, instance);
        created["credentials"].ShouldBeNull();
        var second = await BindAsync(marketplace, instance);
        await WaitForBindingAsync(marketplace, instance, created, "ready");
        await WaitForBindingAsync(marketplace, instance, second, "ready");

        var list = await Expect(await member.GetAsync($"{marketplace.InstanceUrl(instance)}/bindings"), HttpStatusCode.OK);
        list["total"]!.GetValue<int>().ShouldBe(2);
        foreach (var item in list["items"]!.AsArray())
        {
            item!["state"]!.GetValue<string>().ShouldBe("ready");
            item["credentials"].ShouldBeNull(item.ToJsonString());
            item["endpoints"].ShouldBeNull(item.ToJsonString());
        }

        var listText = await member.GetStringAsync($"{marketplace.InstanceUrl(instance)}/bindings");
        foreach (var binding in marketplace.Broker.Bindings)
        {
            listText.ShouldNotContain(JsonNode.Parse(binding.CredentialsJson)!["password"]!.GetValue<string>());
        }

        var deleting = await Expect(await member.DeleteAsync(marketplace.BindingUrl(instance, created)), HttpStatusCode.Accepted);
        deleting["state"]!.GetValue<string>().ShouldBe("deleting");
        deleting["credentials"].ShouldBeNull();
        await WaitUntilGoneAsync(member, marketplace.BindingUrl(instance, created));
    }

    [Fact]
    public async Task A_binding_has_no_credentials_until_the_bind_succeeded()
    {
        await using var marketplace = await SetUpAsync();
        var instance = await ProvisionAsync(marketplace);
        await WaitForStateAsync(marketplace, instance, "ready");
        marketplace.Broker.RespondAsynchronously(OsbOperation.Bind, AsyncBehaviour.AfterPolls(2));

        var binding = await BindAsync(marketplace, instance);
        await WaitForBrokerRequestAsync(marketplace, r => r.Operation == OsbOperation.BindingLastOperation && r.IsCompleted);
        var creating = await Expect(await marketplace.Tenant.Member.GetAsync(marketplace.BindingUrl(instance, binding)), HttpStatusCode.OK);
        creating["state"]!.GetValue<string>().ShouldBe("creating");
        creating["credentials"].ShouldBeNull();

        var bound = await WaitForBindingAsync(marketplace, instance, binding, "ready");
        JsonNode.DeepEquals(bound["credentials"], BrokerCredentials(marketplace, binding)).ShouldBeTrue(bound.ToJsonString());
    }

    private static async Task<(JsonObject Instance, JsonObject First, JsonObject Second)> TwoReadyBindingsAsync(BrokerSetup marketplace)
    {
        var instance = await ProvisionAsync(marketplace);
        await WaitForStateAsync(marketplace, instance, "ready");
        var first = await BindAsync(marketplace, instance);
        var second = await BindAsync(marketplace, instance);
        await WaitForBindingAsync(marketplace, instance, first, "ready");
        await WaitForBindingAsync(marketplace, instance, second, "ready");
        return (instance, first, second);
    }

    private static async Task<JsonObject> CredentialsAsync(HttpClient client, string bindingUrl)
    {
        var binding = await Expect(await client.GetAsync(bindingUrl), HttpStatusCode.OK);
        return binding["credentials"].ShouldBeOfType<JsonObject>(binding.ToJsonString());
    }

    private static JsonNode BrokerCredentials(BrokerSetup marketplace, JsonObject binding) =>
        JsonNode.Parse(marketplace.Broker.Bindings.Single(b => b.Id == binding["id"]!.ToString()).CredentialsJson)!;
}
