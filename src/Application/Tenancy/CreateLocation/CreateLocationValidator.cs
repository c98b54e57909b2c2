using FluentValidation;
using Marketplace.Application.Common.Validation;

namespace Marketplace.Application.Tenancy.CreateLocation;

public sealed class CreateLocationValidator : AbstractValidator<CreateLocationCommand>
{
    public CreateLocationValidator()
    {
        RuleFor(c => c.Identifier).MustBeIdentifier();
        RuleFor(c => c.Name).MustBeName();
        RuleFor(c => c.Type).Must(t => t is null or "public")
            .WithMessage("Only public locations can be created: 'global' always exists, and a customer's private location comes with its first broker.");
    }
}
