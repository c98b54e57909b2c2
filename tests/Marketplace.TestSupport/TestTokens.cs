using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Marketplace.TestSupport;

/// <summary>Mints real signed JWTs that the app validates with the same configuration keys <c>dotnet user-jwts</c> uses.</summary>
public sealed class TestTokens
{
    public const string Issuer = "marketplace-tests";
    public const string Audience = "marketplace";

    private readonly byte[] _key = RandomNumberGenerator.GetBytes(32);
    private readonly JsonWebTokenHandler _handler = new();

    /// <summary>The configuration the app needs to accept these tokens.</summary>
    public IEnumerable<KeyValuePair<string, string?>> Configuration =>
    [
        new("Authentication:Schemes:Bearer:ValidIssuer", Issuer),
        new("Authentication:Schemes:Bearer:ValidAudiences:0", Audience),
        new("Authentication:Schemes:Bearer:SigningKeys:0:Issuer", Issuer),
        new("Authentication:Schemes:Bearer:SigningKeys:0:Value", Convert.ToBase64String(_key)),
    ];

    public string For(string userId, params string[] roles) => Mint(userId, roles, _key, DateTime.UtcNow.AddHours(1));

    /// <summary>A token signed with another key: the app must refuse it.</summary>
    public string Forged(string userId) => Mint(userId, [], RandomNumberGenerator.GetBytes(32), DateTime.UtcNow.AddHours(1));

    public string Expired(string userId) => Mint(userId, [], _key, DateTime.UtcNow.AddMinutes(-10));

    private string Mint(string userId, string[] roles, byte[] key, DateTime expires)
    {
        var claims = new List<Claim> { new("sub", userId) };
        claims.AddRange(roles.Select(r => new Claim("role", r)));
        return _handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = Audience,
            Subject = new ClaimsIdentity(claims),
            NotBefore = expires.AddHours(-2),
            IssuedAt = expires.AddHours(-2),
            Expires = expires,
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(key), SecurityAlgorithms.HmacSha256),
        });
    }
}
