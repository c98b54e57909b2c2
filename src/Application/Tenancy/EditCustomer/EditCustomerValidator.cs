using FluentValidation;
using Marketplace.Application.Common.Validation;

namespace Marketplace.Application.Tenancy.EditCustomer;

public sealed class EditCustomerValidator : AbstractValidator<EditCustomerCommand>
{
    public EditCustomerValidator() => RuleFor(c => c.Name).MustBeName().When(c => c.Name is not null);
}
