using FluentValidation;
using Marketplace.Application.Common.Validation;
using Marketplace.Domain.Brokers;

namespace Marketplace.Application.Brokers.PublishBroker;

public sealed class PublishBrokerValidator : AbstractValidator<PublishBrokerCommand>
{
    public PublishBrokerValidator()
    {
        RuleFor(c => c.Location).NotEmpty().MaximumLength(100);
        RuleFor(c => c.Endpoint).MustBeBrokerEndpoint()
            .Must(e => e is null || BrokerEndpoint.IsHttps(e.Trim()))
            .WithMessage("A publication endpoint must use https://; only the private registration may use http://.");
        RuleFor(c => c.Username).MustBeBasicAuthUsername();
        RuleFor(c => c.Password).MustBeBasicAuthPassword();
    }
}
