using FluentValidation;

namespace Marketplace.Application.ServiceInstances.ProvisionInstance;

public sealed class ProvisionInstanceValidator : AbstractValidator<ProvisionInstanceCommand>
{
    public ProvisionInstanceValidator()
    {
        RuleFor(c => c.Name).NotEmpty().MaximumLength(200).Must(n => n is null || n.Trim().Length > 0).WithMessage("A name is required.");
        RuleFor(c => c.ServiceId).NotEmpty();
        RuleFor(c => c.PlanId).NotEmpty();
    }
}
