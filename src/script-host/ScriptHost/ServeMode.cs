using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Linq.Expressions;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using Microsoft.Win32.SafeHandles;
using Microsoft.PowerPlatform.Connectors.CustomCode.CSharp;

namespace AcsConnector.ScriptHost;

/// <summary>One request to run the script, as read from stdin.</summary>
public sealed class ExecuteMessage
{
    public long Id { get; set; }
    public string OperationId { get; set; } = "";
    public string Method { get; set; } = "GET";
    public string Url { get; set; } = "";
    public Dictionary<string, string> Headers { get; set; } = new();
    public string? Body { get; set; }
}

public sealed record ExecuteResult(long Id, int Status, Dictionary<string, string> Headers, string Body, List<string> Logs, double DurationMs);

/// <summary>
/// Long-lived mode: compile once, then run each JSON line read from fd 3 on a fresh Script, several
/// at a time, answering each with one JSON line on fd 4 (in completion order, matched by id).
/// The protocol has descriptors of its own because the script can reach stdin and stdout: its stdin
/// is empty and its stdout is the host's log, so no Console call can forge, split or steal a line.
/// Besides answers, fd 4 carries status lines: ready, failed (compile), stuck (an execution outlived
/// its limit and a grace: the caller recycles the host) and crashed (why the process is ending).
/// </summary>
public static class ServeMode
{
    private const int RequestDescriptor = 3;
    private const int AnswerDescriptor = 4;
    /// <summary>How long a timed-out execution may take to wind down before the host reports it stuck.</summary>
    private static readonly TimeSpan StuckGrace = TimeSpan.FromSeconds(2);

    private static volatile bool finishing;

    public static async Task<int> RunAsync(Options options)
    {
        try
        {
            return await ServeAsync(options);
        }
        finally
        {
            finishing = true;
        }
    }

    private static async Task<int> ServeAsync(Options options)
    {
        using var requests = new StreamReader(OpenDescriptor(RequestDescriptor, FileAccess.Read), new UTF8Encoding(false));
        answers = new StreamWriter(OpenDescriptor(AnswerDescriptor, FileAccess.Write), new UTF8Encoding(false)) { AutoFlush = true };
        // A thread the script started that throws, or Environment.Exit, ends the process: say why first.
        AppDomain.CurrentDomain.UnhandledException += (_, e) =>
            Status("crashed", $"an exception on a thread the script started: {Describe(e.ExceptionObject)}");
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            if (!finishing) Status("crashed", $"the script ended the process (Environment.Exit({Environment.ExitCode}))");
        };

        var started = Stopwatch.StartNew();
        var diagnostics = new List<ScriptDiagnostic>();
        Func<ScriptBase> createScript;
        try
        {
            var scriptType = ScriptCompiler.CompileForExecution(options.ScriptPath, options.ScriptPath, diagnostics, options.UseCache);
            createScript = Expression.Lambda<Func<ScriptBase>>(Expression.New(scriptType)).Compile();
        }
        catch (ScriptCompilationException e)
        {
            WriteLine(JsonSerializer.Serialize(new { type = "failed", diagnostics = e.Diagnostics }, Json.Options));
            return 1;
        }

        var runner = new ScriptRunner(createScript, options.LoopbackSend ? LoopbackSend : SharedClientSend, TimeSpan.FromMilliseconds(options.TimeoutMs),
            StuckGrace, id => WriteLine(JsonSerializer.Serialize(new { type = "stuck", id }, Json.Options)));
        WriteLine(JsonSerializer.Serialize(new { type = "ready", compileMs = started.Elapsed.TotalMilliseconds }, Json.Options));

        var inFlight = new ConcurrentDictionary<long, Task>();
        string? line;
        while ((line = await requests.ReadLineAsync()) is not null)
        {
            if (line.Length == 0) continue;
            ExecuteMessage? message;
            try
            {
                message = JsonSerializer.Deserialize<ExecuteMessage>(line, Json.Options);
                if (message is null) throw new JsonException("empty message");
            }
            catch (JsonException e)
            {
                Console.Error.WriteLine($"error: ignored a line that is not an execute message: {e.Message}");
                continue;
            }
            var id = message.Id;
            inFlight[id] = Task.Run(async () =>
            {
                // Every request gets an answer, whatever fails: a caller waiting for one that never comes would hang.
                string answer;
                try
                {
                    answer = JsonSerializer.Serialize(await runner.ExecuteAsync(message), Json.Options);
                }
                catch (Exception e)
                {
                    answer = JsonSerializer.Serialize(ScriptRunner.Error(id, HttpStatusCode.InternalServerError, "HostError",
                        $"The script host failed to run the request: {e.GetType().Name}: {e.Message}", new CapturingLogger(), 0), Json.Options);
                }
                WriteLine(answer);
                inFlight.TryRemove(id, out _);
            });
        }
        await Task.WhenAll(inFlight.Values);
        return 0;
    }

    private static Stream OpenDescriptor(int descriptor, FileAccess access)
    {
        try
        {
            return new FileStream(new SafeFileHandle((IntPtr)descriptor, ownsHandle: true), access, bufferSize: 0);
        }
        catch (Exception e) when (e is ArgumentException or IOException or UnauthorizedAccessException)
        {
            throw new HostSetupException($"serve mode needs its protocol on file descriptors 3 (requests) and 4 (answers): {e.Message}");
        }
    }

    private static string Describe(object error) =>
        error is Exception e ? $"{e.GetType().Name}: {e.Message}" : error?.ToString() ?? "unknown";

    private static void Status(string type, string message)
    {
        try
        {
            WriteLine(JsonSerializer.Serialize(new { type, message }, Json.Options));
        }
        catch (Exception)
        {
            // The process is ending anyway; the caller sees the exit.
        }
    }

    private static readonly object AnswerLock = new();
    private static TextWriter answers = TextWriter.Null;

    private static void WriteLine(string json)
    {
        lock (AnswerLock) answers.Write(json + "\n");
    }

    // Real sockets, like the platform: no redirects followed, no transparent decompression, no cookies.
    private static readonly HttpClient SharedClient = new(new SocketsHttpHandler
    {
        AllowAutoRedirect = false,
        AutomaticDecompression = DecompressionMethods.None,
        UseCookies = false,
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
    })
    {
        Timeout = System.Threading.Timeout.InfiniteTimeSpan,
    };

    private static Task<HttpResponseMessage> SharedClientSend(HttpRequestMessage request, CancellationToken cancellationToken) =>
        SharedClient.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken);

    // For benchmarks: answers at once without network, so only the script's own work is measured.
    private static Task<HttpResponseMessage> LoopbackSend(HttpRequestMessage request, CancellationToken cancellationToken) =>
        Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK)
        {
            RequestMessage = request,
            Content = new StringContent("{}", Encoding.UTF8, "application/json"),
        });
}

public delegate Task<HttpResponseMessage> SendFunc(HttpRequestMessage request, CancellationToken cancellationToken);

public sealed class ScriptRunner(Func<ScriptBase> createScript, SendFunc send, TimeSpan timeout, TimeSpan stuckGrace, Action<long> reportStuck)
{
    /// <summary>The largest response body passed back (the platform's own limits are larger; a connector's answers are small).</summary>
    public const int MaxBodyBytes = 16 * 1024 * 1024;

    public async Task<ExecuteResult> ExecuteAsync(ExecuteMessage message)
    {
        var logger = new CapturingLogger();
        HttpRequestMessage request;
        try
        {
            request = BuildRequest(message);
        }
        catch (Exception e) when (e is UriFormatException or FormatException or ArgumentException or InvalidOperationException)
        {
            return Error(message.Id, HttpStatusCode.BadRequest, "InvalidHostRequest", $"The host could not build the request: {e.Message}", logger, 0);
        }

        using var requestScope = request;
        using var deadline = new CancellationTokenSource(timeout);
        var context = new ScriptContext(Guid.NewGuid().ToString(), message.OperationId, request, logger, send);
        var clock = Stopwatch.StartNew();

        // Task.Run: a script that blocks its thread before its first await still gets timed out,
        // and one whose constructor throws gets a 500 like any other exception.
        var run = Task.Run(() =>
        {
            var script = createScript();
            script.Attach(context, deadline.Token);
            return script.ExecuteAsync();
        });
        var expired = Task.Delay(System.Threading.Timeout.Infinite, deadline.Token);
        var first = await Task.WhenAny(run, expired).ConfigureAwait(false);
        var elapsed = clock.Elapsed.TotalMilliseconds;

        if (first != run || (run.IsCanceled || run.Exception?.InnerException is OperationCanceledException) && deadline.IsCancellationRequested)
        {
            _ = run.ContinueWith(t => t.Exception, TaskScheduler.Default); // observe a late failure
            // .NET cannot stop a thread: a script still running after a grace is the caller's to end, by recycling the host.
            _ = Task.Delay(stuckGrace).ContinueWith(_ => { if (!run.IsCompleted) reportStuck(message.Id); }, TaskScheduler.Default);
            return Error(message.Id, HttpStatusCode.GatewayTimeout, "ScriptTimeout",
                $"The script did not finish within {timeout.TotalSeconds:0.#} seconds; Power Platform stops custom code after 5 seconds.", logger, elapsed);
        }
        if (run.IsFaulted || run.IsCanceled)
        {
            var error = run.Exception?.InnerException ?? new TaskCanceledException("The script's task was cancelled.");
            logger.Add($"Error: {error.GetType().Name}: {error.Message}");
            return Error(message.Id, HttpStatusCode.InternalServerError, "ScriptError", $"{error.GetType().Name}: {error.Message}", logger, elapsed);
        }

        using var response = run.Result;
        if (response is null)
        {
            return Error(message.Id, HttpStatusCode.InternalServerError, "ScriptError", "ExecuteAsync returned no response (null).", logger, elapsed);
        }
        var body = response.Content is null ? "" : await ReadBodyAsync(response.Content).ConfigureAwait(false);
        if (body is null)
        {
            return Error(message.Id, HttpStatusCode.BadGateway, "ResponseTooLarge",
                $"The script's response body is larger than {MaxBodyBytes / (1024 * 1024)} MiB, the most the script host passes back.", logger, elapsed);
        }
        return new ExecuteResult(message.Id, (int)response.StatusCode, ResponseHeaders(response), body, logger.Lines, elapsed);
    }

    /// <summary>The body as text, or null when it is over MaxBodyBytes (never read further than that).</summary>
    private static async Task<string?> ReadBodyAsync(HttpContent content)
    {
        if (content.Headers.ContentLength > MaxBodyBytes) return null;
        using var stream = await content.ReadAsStreamAsync().ConfigureAwait(false);
        var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await stream.ReadAsync(chunk).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > MaxBodyBytes) return null;
            buffer.Write(chunk, 0, read);
        }
        var charset = content.Headers.ContentType?.CharSet;
        var encoding = Encoding.UTF8;
        if (!string.IsNullOrEmpty(charset))
        {
            try { encoding = Encoding.GetEncoding(charset.Trim('"')); } catch (ArgumentException) { }
        }
        return encoding.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    private static HttpRequestMessage BuildRequest(ExecuteMessage message)
    {
        var request = new HttpRequestMessage(new HttpMethod(message.Method.ToUpperInvariant()), new Uri(message.Url, UriKind.Absolute));
        if (message.Body is not null)
        {
            request.Content = new ByteArrayContent(Encoding.UTF8.GetBytes(message.Body));
        }
        foreach (var (name, value) in message.Headers)
        {
            if (request.Headers.TryAddWithoutValidation(name, value)) continue;
            // Content headers (Content-Type…) belong to the content; without a body they have nothing to describe.
            request.Content?.Headers.TryAddWithoutValidation(name, value);
        }
        return request;
    }

    private static Dictionary<string, string> ResponseHeaders(HttpResponseMessage response)
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        IEnumerable<KeyValuePair<string, IEnumerable<string>>> all = response.Headers;
        if (response.Content is not null) all = all.Concat(response.Content.Headers);
        foreach (var (name, values) in all)
        {
            headers[name.ToLowerInvariant()] = string.Join(", ", values);
        }
        return headers;
    }

    internal static ExecuteResult Error(long id, HttpStatusCode status, string code, string message, CapturingLogger logger, double elapsed)
    {
        var body = JsonSerializer.Serialize(new { error = new { code, message } }, Json.Options);
        var headers = new Dictionary<string, string> { ["content-type"] = "application/json; charset=utf-8" };
        return new ExecuteResult(id, (int)status, headers, body, logger.Lines, elapsed);
    }
}

internal sealed class ScriptContext(string correlationId, string operationId, HttpRequestMessage request, ILogger logger, SendFunc send) : IScriptContext
{
    public string CorrelationId { get; } = correlationId;
    public string OperationId { get; } = operationId;
    public HttpRequestMessage Request { get; } = request;
    public ILogger Logger { get; } = logger;

    // Taken before the script runs: scripts rewrite Request.RequestUri, the original stays.
    public Uri OriginalRequestUri { get; } = request.RequestUri!;

    public Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) => send(request, cancellationToken);

    // Locally there is no platform callback endpoint: the path is resolved against the request's own address.
    public Uri CreateNotificationUri(string relativePath) => new(OriginalRequestUri, relativePath);
}

/// <summary>Collects what one execution logs, returned with its answer.</summary>
internal sealed class CapturingLogger : ILogger
{
    private readonly List<string> lines = new();

    public List<string> Lines
    {
        get { lock (lines) return new List<string>(lines); }
    }

    public void Add(string line)
    {
        lock (lines) lines.Add(line);
    }

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        var text = formatter(state, exception);
        if (exception is not null) text += $" ({exception.GetType().Name}: {exception.Message})";
        Add($"{logLevel}: {text}");
    }
}
