using FluentValidation;
using Marketplace.Application.Common.Validation;

namespace Marketplace.Application.Tenancy.CreateProject;

public sealed class CreateProjectValidator : AbstractValidator<CreateProjectCommand>
{
    public CreateProjectValidator()
    {
        RuleFor(c => c.Identifier).MustBeIdentifier();
        RuleFor(c => c.Name).MustBeName();
    }
}
