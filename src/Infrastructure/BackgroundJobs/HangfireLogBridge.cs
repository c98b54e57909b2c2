using Hangfire.Logging;
using Microsoft.Extensions.Logging;
using HangfireLevel = Hangfire.Logging.LogLevel;
using MsLevel = Microsoft.Extensions.Logging.LogLevel;

namespace Marketplace.Infrastructure.BackgroundJobs;

/// <summary>
/// Hangfire keeps its log provider in a process-wide static. When a process hosts the app more than once
/// (tests do) and one host is disposed, Hangfire's default bridge throws ObjectDisposedException from
/// inside job creation. This bridge logs through the host's factory and goes quiet instead of failing.
/// </summary>
internal sealed class HangfireLogBridge(ILoggerFactory factory) : ILogProvider
{
    public ILog GetLogger(string name)
    {
        try
        {
            return new LoggerLog(factory.CreateLogger(name));
        }
        catch (ObjectDisposedException)
        {
            return Silent.Instance;
        }
    }

    private sealed class LoggerLog(ILogger logger) : ILog
    {
        public bool Log(HangfireLevel logLevel, Func<string>? messageFunc, Exception? exception = null)
        {
            try
            {
                var level = ToMs(logLevel);
                if (messageFunc is null)
                {
                    return logger.IsEnabled(level);
                }

                logger.Log(level, 0, exception, "{HangfireMessage}", messageFunc());
                return true;
            }
            catch (ObjectDisposedException)
            {
                return false;
            }
        }

        private static MsLevel ToMs(HangfireLevel level) => level switch
        {
            HangfireLevel.Trace => MsLevel.Trace,
            HangfireLevel.Debug => MsLevel.Debug,
            HangfireLevel.Info => MsLevel.Information,
            HangfireLevel.Warn => MsLevel.Warning,
            HangfireLevel.Error => MsLevel.Error,
            _ => MsLevel.Critical,
        };
    }

    private sealed class Silent : ILog
    {
        public static readonly Silent Instance = new();

        public bool Log(HangfireLevel logLevel, Func<string>? messageFunc, Exception? exception = null) => false;
    }
}
