using FluentValidation;

namespace Marketplace.Application.Tenancy.GrantCustomerAdmin;

public sealed class GrantCustomerAdminValidator : AbstractValidator<GrantCustomerAdminCommand>
{
    public GrantCustomerAdminValidator() => RuleFor(c => c.UserId).NotEmpty().MaximumLength(200).OverridePropertyName("userId");
}
