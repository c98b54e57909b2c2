using Marketplace.Application.BrokerOperations;
using Marketplace.Application.Brokers.PublishBroker;
using Marketplace.Application.Brokers.RegisterBroker;
using Marketplace.Application.Common.Paging;

namespace Marketplace.Application.Tests;

public sealed class ValidatorTests
{
    [Theory]
    [InlineData("https://broker.example.test", true)]
    [InlineData("http://broker.example.test", false)]
    [InlineData("https://u:p@broker.example.test", false)]
    public void Publication_endpoints_must_be_https_without_credentials(string endpoint, bool valid)
    {
        var result = new PublishBrokerValidator().Validate(new PublishBrokerCommand(Guid.NewGuid(), "global", endpoint, "u", "p", false));
        result.IsValid.ShouldBe(valid);
    }

    [Fact]
    public void Registration_reports_every_missing_field()
    {
        var result = new RegisterBrokerValidator(new BrokerCallOptions()).Validate(new RegisterBrokerCommand(Guid.Empty, null, null, null, null, null, false, null));
        result.Errors.Select(e => e.PropertyName).Distinct().Order().ShouldBe(
            ["CustomerId", "Endpoint", "Identifier", "Name", "Password", "Username"]);
    }

    [Theory]
    [InlineData(null, true)]
    [InlineData(1, true)]
    [InlineData(8, true)]
    [InlineData(0, false)]
    [InlineData(9, false)]
    public void An_owners_max_concurrent_calls_lies_between_one_and_the_platforms_ceiling(int? maxConcurrentCalls, bool valid)
    {
        var validator = new RegisterBrokerValidator(new BrokerCallOptions { MaxConcurrentCallsPerConnection = 8 });

        var result = validator.Validate(new RegisterBrokerCommand(
            Guid.NewGuid(), "Broker", "a-broker", "https://broker.example.test", "u", "p", false, null, maxConcurrentCalls));

        result.IsValid.ShouldBe(valid, string.Join("; ", result.Errors.Select(e => e.ErrorMessage)));
    }

    [Theory]
    [InlineData(1, 200, true)]
    [InlineData(1, 201, false)]
    [InlineData(0, 50, false)]
    public void Page_size_is_at_most_200(int page, int pageSize, bool valid) =>
        new PageRequestValidator().Validate(new PageRequest(page, pageSize)).IsValid.ShouldBe(valid);
}
