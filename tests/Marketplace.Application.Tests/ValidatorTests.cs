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
        var result = new RegisterBrokerValidator().Validate(new RegisterBrokerCommand(Guid.Empty, null, null, null, null, null, false, null));
        result.Errors.Select(e => e.PropertyName).Distinct().Order().ShouldBe(
            ["CustomerId", "Endpoint", "Identifier", "Name", "Password", "Username"]);
    }

    [Theory]
    [InlineData(1, 200, true)]
    [InlineData(1, 201, false)]
    [InlineData(0, 50, false)]
    public void Page_size_is_at_most_200(int page, int pageSize, bool valid) =>
        new PageRequestValidator().Validate(new PageRequest(page, pageSize)).IsValid.ShouldBe(valid);
}
