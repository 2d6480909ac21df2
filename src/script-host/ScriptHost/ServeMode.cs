using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.IO.Pipes;
using System.Linq;
using System.Linq.Expressions;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using Microsoft.PowerPlatform.Connectors.CustomCode.CSharp;

namespace AcsConnector.ScriptHost;

/// <summary>
/// Long-lived mode: connect to the caller's channel (a named pipe; a Unix domain socket outside
/// Windows), say hello with the caller's token, compile once, then run each execute message on a
/// fresh Script, several at a time, answering each with one message (in completion order, matched
/// by id). The channel is the host's own: the script's stdin is empty and its stdout is the host's
/// log, so no Console call can forge, split or steal a message. Besides answers, the host sends
/// ready, failed (compile), stuck (an execution outlived its limit and a grace: the caller recycles
/// the host) and crashed (why the process is ending). A close message, or the channel's end (the
/// caller is gone), ends the host once the running executions are answered.
/// </summary>
public static class ServeMode
{
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
        using var channel = await ConnectAsync(options);
        using var requests = new StreamReader(channel, new UTF8Encoding(false));
        answers = new StreamWriter(channel, new UTF8Encoding(false)) { AutoFlush = true };
        ReportCrashes();

        var createScript = Compile(options);
        if (createScript is null) return 1;
        var limits = options.Limits;
        var runner = new ScriptRunner(createScript, options.LoopbackSend ? LoopbackSend : SharedClientSend, limits,
            id => Send(new StuckMessage(id)));
        var session = new Session(runner);
        Send(new ReadyMessage(CompileTime.Elapsed.TotalMilliseconds));

        string? line;
        while ((line = await requests.ReadLineAsync()) is not null && session.Dispatch(line)) { }
        await session.DrainAsync();
        return 0;
    }

    private static readonly Stopwatch CompileTime = new();

    /// <summary>Opens the caller's channel and proves who this is with the token (then removed from the script's reach).</summary>
    private static async Task<Stream> ConnectAsync(Options options)
    {
        var token = Environment.GetEnvironmentVariable(options.TokenVariable);
        if (string.IsNullOrEmpty(token)) throw new HostSetupException($"serve mode needs its token in the environment variable {options.TokenVariable}");
        Environment.SetEnvironmentVariable(options.TokenVariable, null);
        var pipe = new NamedPipeClientStream(".", options.Pipe, PipeDirection.InOut, PipeOptions.Asynchronous);
        try
        {
            await pipe.ConnectAsync(30_000);
        }
        catch (Exception e) when (e is TimeoutException or IOException or UnauthorizedAccessException)
        {
            await pipe.DisposeAsync();
            throw new HostSetupException($"serve mode could not open its channel {options.Pipe}: {e.Message}");
        }
        var hello = Encoding.UTF8.GetBytes(Serialize(new HelloMessage(token)) + "\n");
        await pipe.WriteAsync(hello);
        return pipe;
    }

    /// <summary>A thread the script started that throws, or Environment.Exit, ends the process: say why first.</summary>
    private static void ReportCrashes()
    {
        AppDomain.CurrentDomain.UnhandledException += (_, e) =>
            TrySend(new CrashedMessage($"an exception on a thread the script started: {Describe(e.ExceptionObject)}"));
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            if (!finishing) TrySend(new CrashedMessage($"the script ended the process (Environment.Exit({Environment.ExitCode}))"));
        };
    }

    /// <summary>The script's constructor, or null after reporting why it did not compile.</summary>
    private static Func<ScriptBase>? Compile(Options options)
    {
        CompileTime.Start();
        var diagnostics = new List<ScriptDiagnostic>();
        try
        {
            var scriptType = ScriptCompiler.CompileForExecution(options.ScriptPath, options.ScriptPath, options.MaxScriptBytes, diagnostics, options.UseCache);
            return Expression.Lambda<Func<ScriptBase>>(Expression.New(scriptType)).Compile();
        }
        catch (ScriptCompilationException e)
        {
            Send(new FailedMessage(e.Diagnostics));
            return null;
        }
    }

    /// <summary>The requests of one connection: each message type has its handler.</summary>
    private sealed class Session
    {
        private readonly ScriptRunner runner;
        private readonly ConcurrentDictionary<long, Task> inFlight = new();
        /// <summary>Each handler returns false when no more requests are to be read.</summary>
        private readonly Dictionary<string, Func<JsonElement, bool>> handlers;

        public Session(ScriptRunner runner)
        {
            this.runner = runner;
            handlers = new() { ["execute"] = Execute, ["close"] = _ => false };
        }

        /// <summary>Handles one line; false when no more requests are to be read.</summary>
        public bool Dispatch(string line)
        {
            if (line.Length == 0) return true;
            try
            {
                using var document = JsonDocument.Parse(line);
                var type = document.RootElement.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString()! : "";
                if (handlers.TryGetValue(type, out var handler)) return handler(document.RootElement.Clone());
                Console.Error.WriteLine($"error: ignored a message of unknown type '{type}'");
            }
            catch (JsonException e)
            {
                Console.Error.WriteLine($"error: ignored a line that is not JSON: {e.Message}");
            }
            return true;
        }

        private bool Execute(JsonElement element)
        {
            ExecuteMessage message;
            try
            {
                message = element.Deserialize<ExecuteMessage>(Json.Options) ?? throw new JsonException("null");
            }
            catch (JsonException e)
            {
                // A request that has an id still gets an answer: its caller is waiting for one.
                if (element.TryGetProperty("id", out var id) && id.TryGetInt64(out var value))
                    Send(new ErrorMessage(value, HostErrors.InvalidHostRequest, e.Message, new List<string>(), 0));
                else Console.Error.WriteLine($"error: ignored an execute message without an id: {e.Message}");
                return true;
            }
            inFlight[message.Id] = Task.Run(() => RunAsync(message));
            return true;
        }

        private async Task RunAsync(ExecuteMessage message)
        {
            // Every request gets an answer, whatever fails: a caller waiting for one that never comes would hang.
            HostMessage answer;
            try
            {
                answer = await runner.ExecuteAsync(message);
            }
            catch (Exception e)
            {
                answer = new ErrorMessage(message.Id, HostErrors.HostError, $"{e.GetType().Name}: {e.Message}", new List<string>(), 0);
            }
            Send(answer);
            inFlight.TryRemove(message.Id, out _);
        }

        public Task DrainAsync() => Task.WhenAll(inFlight.Values);
    }

    private static string Describe(object error) =>
        error is Exception e ? $"{e.GetType().Name}: {e.Message}" : error?.ToString() ?? "unknown";

    private static string Serialize(HostMessage message) => JsonSerializer.Serialize(message, message.GetType(), Json.Options);

    private static void TrySend(HostMessage message)
    {
        try
        {
            Send(message);
        }
        catch (Exception)
        {
            // The process is ending anyway; the caller sees the exit.
        }
    }

    private static readonly object AnswerLock = new();
    private static TextWriter answers = TextWriter.Null;

    private static void Send(HostMessage message)
    {
        var line = Serialize(message) + "\n";
        lock (AnswerLock) answers.Write(line);
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

public sealed class ScriptRunner(Func<ScriptBase> createScript, SendFunc send, HostLimits limits, Action<long> reportStuck)
{
    public async Task<HostMessage> ExecuteAsync(ExecuteMessage message)
    {
        var logger = new CapturingLogger();
        HttpRequestMessage request;
        try
        {
            request = BuildRequest(message);
        }
        catch (Exception e) when (e is UriFormatException or FormatException or ArgumentException or InvalidOperationException)
        {
            return Error(message, HostErrors.InvalidHostRequest, e.Message, logger, 0);
        }

        using var requestScope = request;
        using var deadline = new CancellationTokenSource(limits.TimeoutMs);
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
            WatchOverrun(run, message.Id);
            return Error(message, HostErrors.ScriptTimeout, null, logger, elapsed);
        }
        if (run.IsFaulted || run.IsCanceled)
        {
            var error = run.Exception?.InnerException ?? new TaskCanceledException("The script's task was cancelled.");
            logger.Add($"Error: {error.GetType().Name}: {error.Message}");
            return Error(message, HostErrors.ScriptError, $"{error.GetType().Name}: {error.Message}", logger, elapsed);
        }
        return await AnswerAsync(message, run.Result, logger, elapsed).ConfigureAwait(false);
    }

    /// <summary>.NET cannot stop a thread: a script still running after a grace is the caller's to end, by recycling the host.</summary>
    private void WatchOverrun(Task run, long id)
    {
        _ = run.ContinueWith(t => t.Exception, TaskScheduler.Default); // observe a late failure
        _ = Task.Delay(limits.StuckGraceMs).ContinueWith(_ => { if (!run.IsCompleted) reportStuck(id); }, TaskScheduler.Default);
    }

    private async Task<HostMessage> AnswerAsync(ExecuteMessage message, HttpResponseMessage? result, CapturingLogger logger, double elapsed)
    {
        using var response = result;
        if (response is null) return Error(message, HostErrors.ScriptError, "ExecuteAsync returned no response (null).", logger, elapsed);
        var body = response.Content is null ? "" : await ReadBodyAsync(response.Content).ConfigureAwait(false);
        if (body is null) return Error(message, HostErrors.ResponseTooLarge, null, logger, elapsed);
        return new AnswerMessage(message.Id, (int)response.StatusCode, ResponseHeaders(response), body, logger.Lines, elapsed);
    }

    /// <summary>The body as text, or null when it is over the body limit (never read further than that).</summary>
    private async Task<string?> ReadBodyAsync(HttpContent content)
    {
        if (content.Headers.ContentLength > limits.MaxRelayedBodyBytes) return null;
        using var stream = await content.ReadAsStreamAsync().ConfigureAwait(false);
        var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await stream.ReadAsync(chunk).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > limits.MaxRelayedBodyBytes) return null;
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

    private static ErrorMessage Error(ExecuteMessage message, string code, string? detail, CapturingLogger logger, double elapsed) =>
        new(message.Id, code, detail, logger.Lines, elapsed);
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
