using System.Security.Cryptography.X509Certificates;

namespace Marketplace.FakeBroker;

/// <summary>How a fake broker starts. Behaviour that tests switch at run time lives on <see cref="FakeOsbBroker"/>.</summary>
public sealed class FakeBrokerOptions
{
    /// <summary>The configuration section of the standalone broker (<c>--FakeBroker:Username=…</c>).</summary>
    public const string SectionName = "FakeBroker";

    /// <summary>Basic auth user name the broker accepts.</summary>
    public string Username { get; init; } = "broker";

    /// <summary>Basic auth password the broker accepts; any characters, including ':'.</summary>
    public string Password { get; init; } = "broker-secret";

    /// <summary>When set, the broker serves https with this certificate (which must carry its private key).</summary>
    public X509Certificate2? Certificate { get; init; }

    /// <summary>Port on 127.0.0.1; 0 (the default) picks a free one.</summary>
    public int Port { get; init; }

    /// <summary>Clock for async operations that finish after a time; the system clock unless replaced.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Writes a line per request to the console logger (on for the standalone broker).</summary>
    public bool LogRequests { get; init; }
}
