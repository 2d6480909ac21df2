using System.Collections.Generic;
using System.Text.Json.Serialization;

namespace AcsConnector.ScriptHost;

// The host's side of the protocol whose contract is src/script-host/protocol.ts: the same messages,
// one JSON object per line (camelCase). The host reports facts (an error's code and detail); the
// TypeScript side owns every status and every sentence a caller reads. test/script-host/protocol.test.ts
// holds these messages to the contract.

/// <summary>Every limit the host enforces, as the TypeScript side hands them over at start: no defaults here.</summary>
public sealed record HostLimits(int TimeoutMs, int MaxRelayedBodyBytes, int StuckGraceMs);

/// <summary>A request to run the script. Strict: a missing or unknown field is refused, so the two sides cannot drift apart unnoticed.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed class ExecuteMessage
{
    public required string Type { get; init; }
    public required long Id { get; init; }
    public required string OperationId { get; init; }
    public required string Method { get; init; }
    public required string Url { get; init; }
    public required Dictionary<string, string> Headers { get; init; }
    public required string? Body { get; init; }
}

/// <summary>What the host sends; Type names the message.</summary>
public abstract record HostMessage(string Type);

public sealed record HelloMessage(string Token) : HostMessage("hello");

public sealed record ReadyMessage(double CompileMs) : HostMessage("ready");

public sealed record FailedMessage(IReadOnlyList<ScriptDiagnostic> Diagnostics) : HostMessage("failed");

public sealed record AnswerMessage(long Id, int Status, Dictionary<string, string> Headers, string Body, List<string> Logs, double DurationMs)
    : HostMessage("answer");

/// <summary>An execution that ended in an error; Code is one of HostErrors.</summary>
public sealed record ErrorMessage(long Id, string Code, string? Detail, List<string> Logs, double DurationMs) : HostMessage("error");

public sealed record StuckMessage(long Id) : HostMessage("stuck");

public sealed record CrashedMessage(string Message) : HostMessage("crashed");

/// <summary>The error codes the host reports (the TypeScript side gives each its status and words).</summary>
public static class HostErrors
{
    public const string ScriptTimeout = "ScriptTimeout";
    public const string ScriptError = "ScriptError";
    public const string ResponseTooLarge = "ResponseTooLarge";
    public const string InvalidHostRequest = "InvalidHostRequest";
    public const string HostError = "HostError";
}
