namespace Marketplace.Application.Common.Errors;

/// <summary>A unique index refused a write; <see cref="Code"/> names what is taken (e.g. <c>broker.identifier_taken</c>).</summary>
public sealed class DuplicateKeyException(string code, string message) : Exception(message)
{
    public string Code { get; } = code;
}
