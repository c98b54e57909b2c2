using FluentValidation;

namespace Marketplace.Application.Tenancy.AddProjectMember;

public sealed class AddProjectMemberValidator : AbstractValidator<AddProjectMemberCommand>
{
    public AddProjectMemberValidator() => RuleFor(c => c.UserId).NotEmpty().MaximumLength(200).OverridePropertyName("userId");
}
