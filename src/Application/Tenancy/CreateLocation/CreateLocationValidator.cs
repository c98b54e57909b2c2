using FluentValidation;
using Marketplace.Application.Common.Validation;

namespace Marketplace.Application.Tenancy.CreateLocation;

public sealed class CreateLocationValidator : AbstractValidator<CreateLocationCommand>
{
    public CreateLocationValidator()
    {
        RuleFor(c => c.Identifier).MustBeIdentifier();
        RuleFor(c => c.Name).MustBeName();
    }
}
