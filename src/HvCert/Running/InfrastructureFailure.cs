using System.Net.Sockets;
using HvCert.Hosts;
using HvCert.Transport;

namespace HvCert.Running;

/// <summary>Which exceptions mean "the host, VM or connection failed" (Error, retried) rather than a probe bug.</summary>
internal static class InfrastructureFailure
{
    public static bool Is(Exception ex) =>
        ex is InfrastructureException or GuestUnreachableException or TimeoutException or IOException or SocketException;

    /// <summary>One line for the verdict reason: the message, with the inner cause when it adds something.</summary>
    public static string Describe(Exception ex) =>
        ex.InnerException is { } inner && !ex.Message.Contains(inner.Message, StringComparison.Ordinal)
            ? $"{ex.Message} ({inner.Message})"
            : ex.Message;
}
