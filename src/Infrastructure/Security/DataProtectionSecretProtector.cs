using Marketplace.Application.Common.Ports;
using Microsoft.AspNetCore.DataProtection;

namespace Marketplace.Infrastructure.Security;

/// <summary>Encrypts secrets with ASP.NET Core Data Protection; the key ring lives in the database.</summary>
internal sealed class DataProtectionSecretProtector(IDataProtectionProvider provider) : ISecretProtector
{
    private readonly IDataProtector _protector = provider.CreateProtector("Marketplace.Secrets.v1");

    public string Protect(string plainText) => _protector.Protect(plainText);

    public string Unprotect(string protectedText) => _protector.Unprotect(protectedText);
}
