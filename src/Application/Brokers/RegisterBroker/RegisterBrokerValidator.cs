using FluentValidation;
using Marketplace.Application.BrokerOperations;
using Marketplace.Application.Common.Validation;
using Marketplace.Domain.Brokers;

namespace Marketplace.Application.Brokers.RegisterBroker;

public sealed class RegisterBrokerValidator : AbstractValidator<RegisterBrokerCommand>
{
    public RegisterBrokerValidator(BrokerCallOptions callOptions)
    {
        ArgumentNullException.ThrowIfNull(callOptions);
        RuleFor(c => c.CustomerId).NotEmpty();
        RuleFor(c => c.Name).MustBeName();
        RuleFor(c => c.Identifier).MustBeIdentifier();
        RuleFor(c => c.Endpoint).MustBeBrokerEndpoint();
        RuleFor(c => c.Username).MustBeBasicAuthUsername();
        RuleFor(c => c.Password).MustBeBasicAuthPassword();
        RuleFor(c => c.RequestTimeoutSeconds).InclusiveBetween(1, ServiceBroker.MaxRequestTimeoutSeconds);
        RuleFor(c => c.MaxConcurrentCalls).InclusiveBetween(1, callOptions.MaxConcurrentCallsPerConnection);
    }
}
