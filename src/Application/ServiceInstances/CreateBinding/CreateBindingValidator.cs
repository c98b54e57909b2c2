using FluentValidation;

namespace Marketplace.Application.ServiceInstances.CreateBinding;

public sealed class CreateBindingValidator : AbstractValidator<CreateBindingCommand>
{
    public CreateBindingValidator()
    {
        RuleFor(c => c.Name).NotEmpty().MaximumLength(200).Must(n => n is null || n.Trim().Length > 0).WithMessage("A name is required.");
    }
}
