namespace Marketplace.Application.Common.Ports;

/// <summary>Encrypts secrets (broker passwords, binding credentials) for storage; the plain text is never persisted.</summary>
public interface ISecretProtector
{
    string Protect(string plainText);

    string Unprotect(string protectedText);
}
