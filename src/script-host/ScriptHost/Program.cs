using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;

namespace AcsConnector.ScriptHost;

/// <summary>
/// Usage:
///   ScriptHost check --max-script-bytes N --script PATH [--script PATH…] [--json] [--no-cache]
///                                                                   compile as Power Platform would; exit 1 on errors
///     (several scripts share one process and its loaded references; --json prints
///      [{script, diagnostics, error}] in the order given; --no-cache: compile even if a cached
///      result exists; the fresh result is still cached)
///   ScriptHost serve --max-script-bytes N --timeout-ms N --max-relayed-body-bytes N --stuck-grace-ms N
///                    --pipe NAME --token-variable VAR --script PATH [--loopback-send] [--no-cache]
///                                                                   execute requests from the caller's channel (ServeMode)
/// Every limit comes from the caller (src/script-host/protocol.ts), which owns them.
/// </summary>
public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        try
        {
            var options = Options.Parse(args);
            return options.Mode switch
            {
                "check" => RunCheck(options),
                "serve" => await ServeMode.RunAsync(options),
                _ => Usage($"unknown mode '{options.Mode}'"),
            };
        }
        catch (UsageException e)
        {
            return Usage(e.Message);
        }
        catch (HostSetupException e)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return 2;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"error: cannot read the script: {e.Message}");
            return 2;
        }
        catch (Exception e)
        {
            // One line for whoever runs the tool; the stack only on request, like the CLI.
            Console.Error.WriteLine($"error: the script host failed: {e.GetType().Name}: {e.Message}");
            if (Environment.GetEnvironmentVariable("ACS_CONNECTOR_DEBUG") is { Length: > 0 }) Console.Error.WriteLine(e);
            return 3;
        }
    }

    private static int Usage(string problem)
    {
        Console.Error.WriteLine($"error: {problem}");
        Console.Error.WriteLine("usage: ScriptHost check --max-script-bytes N --script PATH [--script PATH…] [--json] [--no-cache]");
        Console.Error.WriteLine("     | ScriptHost serve --max-script-bytes N --timeout-ms N --max-relayed-body-bytes N --stuck-grace-ms N --pipe NAME --token-variable VAR --script PATH [--loopback-send] [--no-cache]");
        return 2;
    }

    private static List<ScriptDiagnostic> CachedCheck(string scriptPath, long maxScriptBytes, bool useCache)
    {
        var key = ScriptCache.Key(scriptPath, $"check\n{scriptPath}\n{maxScriptBytes}");
        var cached = useCache ? ScriptCache.TryRead(key, ".json") : null;
        if (cached is not null)
        {
            var diagnostics = JsonSerializer.Deserialize<List<ScriptDiagnostic>>(cached, Json.Options);
            if (diagnostics is not null) return diagnostics;
        }
        var fresh = ScriptCompiler.Check(scriptPath, scriptPath, maxScriptBytes);
        ScriptCache.Write(key, ".json", JsonSerializer.SerializeToUtf8Bytes(fresh, Json.Options));
        return fresh;
    }

    /// <summary>One script's result; Error when it could not be checked at all (unreadable), so the others still are.</summary>
    public sealed record CheckResult(string Script, List<ScriptDiagnostic> Diagnostics, string? Error);

    /// <summary>
    /// At most this many diagnostics of one script are sent, errors first, then one line counting the
    /// rest: a script of 10,000 broken lines must not make an answer of megabytes (the validator lists 25 per rule).
    /// </summary>
    public const int MaxDiagnosticsPerScript = 100;

    private static List<ScriptDiagnostic> Capped(List<ScriptDiagnostic> diagnostics, string scriptPath)
    {
        if (diagnostics.Count <= MaxDiagnosticsPerScript) return diagnostics;
        var ordered = diagnostics.OrderBy(d => d.Severity == "error" ? 0 : 1).ToList();
        var rest = ordered.Skip(MaxDiagnosticsPerScript).ToList();
        var kept = ordered.Take(MaxDiagnosticsPerScript).ToList();
        kept.Add(new ScriptDiagnostic(scriptPath, 1, 1, rest.Any(d => d.Severity == "error") ? "error" : "warning",
            ScriptRules.Compile, ScriptRules.Compile,
            $"{rest.Count} more diagnostics not listed (only the first {MaxDiagnosticsPerScript} of a script are sent)."));
        return kept;
    }

    private static CheckResult CheckOne(string scriptPath, long maxScriptBytes, bool useCache)
    {
        try
        {
            return new CheckResult(scriptPath, Capped(CachedCheck(scriptPath, maxScriptBytes, useCache), scriptPath), null);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new CheckResult(scriptPath, new List<ScriptDiagnostic>(), $"cannot read the script: {e.Message}");
        }
    }

    private static int RunCheck(Options options)
    {
        // Compilations are independent: one per core, results kept in the order given.
        var results = new CheckResult[options.ScriptPaths.Count];
        Parallel.For(0, results.Length, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount },
            i => results[i] = CheckOne(options.ScriptPaths[i], options.MaxScriptBytes, options.UseCache));
        if (options.Json)
        {
            Console.Out.WriteLine(JsonSerializer.Serialize(results, Json.Options));
        }
        else
        {
            foreach (var result in results)
            {
                if (result.Error is not null) Console.Out.WriteLine($"{result.Script}: error: {result.Error}");
                foreach (var d in result.Diagnostics)
                {
                    var id = d.Id == d.Rule ? d.Rule : $"{d.Rule} {d.Id}";
                    Console.Out.WriteLine($"{d.File}:{d.Line}:{d.Column}: {d.Severity} {id}: {d.Message}");
                }
            }
        }
        return results.Any(r => r.Error is not null || r.Diagnostics.Any(d => d.Severity == "error")) ? 1 : 0;
    }
}

public sealed class UsageException(string message) : Exception(message);

public sealed class Options
{
    public string Mode { get; private init; } = "";
    public IReadOnlyList<string> ScriptPaths { get; private init; } = Array.Empty<string>();

    /// <summary>The one script of serve mode.</summary>
    public string ScriptPath => ScriptPaths[0];
    public bool Json { get; private init; }
    public bool LoopbackSend { get; private init; }
    public bool UseCache { get; private init; } = true;
    public int MaxScriptBytes { get; private init; }
    public HostLimits Limits { get; private init; } = null!;
    public string Pipe { get; private init; } = "";
    public string TokenVariable { get; private init; } = "";

    public static Options Parse(string[] args)
    {
        if (args.Length == 0) throw new UsageException("missing mode");
        var scripts = new List<string>();
        var flags = new HashSet<string>();
        var values = new Dictionary<string, string>();
        for (var i = 1; i < args.Length; i++)
        {
            if (args[i] is "--json" or "--loopback-send" or "--no-cache") flags.Add(args[i]);
            else if (args[i] == "--script" && i + 1 < args.Length) scripts.Add(args[++i]);
            else if (args[i] is "--timeout-ms" or "--max-relayed-body-bytes" or "--stuck-grace-ms" or "--max-script-bytes" or "--pipe" or "--token-variable"
                && i + 1 < args.Length) values[args[i]] = args[++i];
            else throw new UsageException($"unexpected argument '{args[i]}'");
        }
        if (scripts.Count == 0) throw new UsageException("--script PATH is required");
        if (args[0] != "check" && scripts.Count > 1) throw new UsageException($"{args[0]} takes one --script");
        var missing = scripts.FirstOrDefault(script => !File.Exists(script));
        if (missing is not null) throw new HostSetupException($"script not found: {missing}");
        var serve = args[0] == "serve";
        return new Options
        {
            Mode = args[0],
            ScriptPaths = scripts,
            Json = flags.Contains("--json"),
            LoopbackSend = flags.Contains("--loopback-send"),
            UseCache = !flags.Contains("--no-cache"),
            MaxScriptBytes = Positive(values, "--max-script-bytes"),
            Limits = serve ? new HostLimits(Positive(values, "--timeout-ms"), Positive(values, "--max-relayed-body-bytes"), Positive(values, "--stuck-grace-ms")) : null!,
            Pipe = serve ? Required(values, "--pipe") : "",
            TokenVariable = serve ? Required(values, "--token-variable") : "",
        };
    }

    private static string Required(Dictionary<string, string> values, string flag) =>
        values.TryGetValue(flag, out var value) && value.Length > 0 ? value : throw new UsageException($"{flag} is required");

    private static int Positive(Dictionary<string, string> values, string flag) =>
        int.TryParse(Required(values, flag), out var number) && number > 0 ? number : throw new UsageException($"{flag} takes a positive whole number");
}

internal static class Json
{
    public static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };
}
