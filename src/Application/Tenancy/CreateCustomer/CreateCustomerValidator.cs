using FluentValidation;
using Marketplace.Application.Common.Validation;

namespace Marketplace.Application.Tenancy.CreateCustomer;

public sealed class CreateCustomerValidator : AbstractValidator<CreateCustomerCommand>
{
    public CreateCustomerValidator()
    {
        RuleFor(c => c.Identifier).MustBeIdentifier();
        RuleFor(c => c.Name).MustBeName();
    }
}
