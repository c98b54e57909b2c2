using Marketplace.Domain.SharedKernel;

namespace Marketplace.Domain.Brokers.Rules;

/// <summary>B1/B5: skipping TLS validation is allowed for the private registration only, never for a publication.</summary>
public sealed class DevelopmentModeOnlyForPrivateRegistrationRule(bool developmentModeRequested) : IBusinessRule, IFieldRule
{
    public string Code => "publication.development_mode_forbidden";

    public string Message =>
        "Development mode (no TLS certificate validation) is only possible for the private registration; a publication always needs a valid certificate.";

    public RuleKind Kind => RuleKind.Refused;

    public string Field => "developmentMode";

    public bool IsBroken() => developmentModeRequested;
}
