using FluentValidation;
using Marketplace.Application.BrokerOperations;
using Marketplace.Application.Common.Validation;
using Marketplace.Domain.Brokers;

namespace Marketplace.Application.Brokers.EditBroker;

public sealed class EditBrokerValidator : AbstractValidator<EditBrokerCommand>
{
    public EditBrokerValidator(BrokerCallOptions callOptions)
    {
        ArgumentNullException.ThrowIfNull(callOptions);
        RuleFor(c => c.Name).MustBeName().When(c => c.Name is not null);
        RuleFor(c => c.Endpoint).MustBeBrokerEndpoint().When(c => c.Endpoint is not null);
        RuleFor(c => c.Username).MustBeBasicAuthUsername().When(c => c.Username is not null);
        RuleFor(c => c.Password).MustBeBasicAuthPassword().When(c => c.Password is not null);
        RuleFor(c => c.RequestTimeoutSeconds).InclusiveBetween(1, ServiceBroker.MaxRequestTimeoutSeconds);
        RuleFor(c => c.MaxConcurrentCalls).InclusiveBetween(1, callOptions.MaxConcurrentCallsPerConnection);
    }
}
