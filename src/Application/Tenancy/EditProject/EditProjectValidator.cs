using FluentValidation;
using Marketplace.Application.Common.Validation;

namespace Marketplace.Application.Tenancy.EditProject;

public sealed class EditProjectValidator : AbstractValidator<EditProjectCommand>
{
    public EditProjectValidator() => RuleFor(c => c.Name).MustBeName().When(c => c.Name is not null);
}
