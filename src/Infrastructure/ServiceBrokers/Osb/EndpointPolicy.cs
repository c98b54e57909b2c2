using System.Net;
using System.Net.Sockets;

namespace Marketplace.Infrastructure.ServiceBrokers.Osb;

/// <summary>
/// Guards against server-side request forgery: broker endpoints may not reach loopback, private,
/// link-local (cloud metadata) or otherwise internal addresses unless the installation allows it.
/// </summary>
internal static class EndpointPolicy
{
    public static bool IsForbidden(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (IPAddress.IsLoopback(address) || address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any) ||
            address.Equals(IPAddress.IPv6None))
        {
            return true;
        }

        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            if (address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6UniqueLocal || address.IsIPv6Multicast)
            {
                return true;
            }

            var v6 = address.GetAddressBytes();

            // ::/96, IPv4-compatible addresses (deprecated; "::10.0.0.1" reaches 10.0.0.1 on some stacks), and
            // Teredo 2001::/32 and local-use NAT64 64:ff9b:1::/48, whose IPv4 address cannot be judged from here.
            if (v6.AsSpan(0, 12).IndexOfAnyExcept((byte)0) < 0 ||
                v6.AsSpan(0, 4).SequenceEqual(new byte[] { 0x20, 0x01, 0x00, 0x00 }) ||
                v6.AsSpan(0, 6).SequenceEqual(new byte[] { 0x00, 0x64, 0xff, 0x9b, 0x00, 0x01 }))
            {
                return true;
            }

            // IPv4 carried inside IPv6 (NAT64 64:ff9b::/96, 6to4 2002::/16) is judged by that IPv4 address.
            if (v6.AsSpan(0, 12).SequenceEqual(new byte[] { 0x00, 0x64, 0xff, 0x9b, 0, 0, 0, 0, 0, 0, 0, 0 }))
            {
                return IsForbidden(new IPAddress(v6[12..16]));
            }

            return v6[0] == 0x20 && v6[1] == 0x02 && IsForbidden(new IPAddress(v6[2..6]));
        }

        var b = address.GetAddressBytes();
        return b[0] switch
        {
            0 or 10 or 127 => true,
            100 => b[1] is >= 64 and <= 127,          // carrier-grade NAT 100.64.0.0/10
            169 => b[1] == 254,                        // link-local, cloud metadata 169.254.169.254
            172 => b[1] is >= 16 and <= 31,
            192 => b[1] == 168 || (b[1] == 0 && b[2] == 0),
            198 => b[1] is 18 or 19,                   // benchmarking 198.18.0.0/15, often internal test networks
            >= 224 => true,                            // multicast and reserved
            _ => false,
        };
    }
}

/// <summary>
/// The endpoint resolved to an address the endpoint policy forbids. The message names the host the owner gave, never
/// the address it resolved to: the answer must not map the platform's internal network for whoever registers a name.
/// </summary>
internal sealed class EndpointForbiddenException(string host)
    : Exception($"The broker endpoint '{host}' resolves to a loopback, private, link-local or otherwise internal address, which brokers may not use here.")
{
    public string Host { get; } = host;
}
