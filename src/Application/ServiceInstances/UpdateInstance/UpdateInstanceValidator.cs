using FluentValidation;

namespace Marketplace.Application.ServiceInstances.UpdateInstance;

public sealed class UpdateInstanceValidator : AbstractValidator<UpdateInstanceCommand>
{
    public UpdateInstanceValidator()
    {
        RuleFor(c => c.PlanId).NotEqual(Guid.Empty).When(c => c.PlanId is not null);
        RuleFor(c => c).Must(c => c.PlanId is not null || c.Parameters is not null)
            .WithName("planId").WithMessage("Give a planId, parameters, or both.");
    }
}
