// The classes Power Platform gives a connector's script, in the shape Microsoft documents for local
// testing ("Write code in a custom connector"), plus the IScriptContext members certified scripts
// use beyond the documented four. Check mode compiles this very file against .NET Framework 4.8,
// so it must stay C# 10 and use only APIs .NET Framework 4.8 has.
#nullable enable
using System;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;

namespace Microsoft.PowerPlatform.Connectors.CustomCode.CSharp
{
    public abstract class ScriptBase
    {
        /// <summary>Context of the request being processed.</summary>
        public IScriptContext Context { get; private set; } = null!;

        /// <summary>Fires when the execution runs out of time.</summary>
        public CancellationToken CancellationToken { get; private set; }

        /// <summary>A StringContent holding the serialized JSON, typed application/json (UTF-8).</summary>
        public static StringContent CreateJsonContent(string serializedJson)
        {
            return new StringContent(serializedJson, Encoding.UTF8, "application/json");
        }

        public abstract Task<HttpResponseMessage> ExecuteAsync();

        // Internal: scripts (compiled into their own assembly) cannot call it, as on the platform.
        internal void Attach(IScriptContext context, CancellationToken cancellationToken)
        {
            Context = context;
            CancellationToken = cancellationToken;
        }
    }

    public interface IScriptContext
    {
        string CorrelationId { get; }

        string OperationId { get; }

        HttpRequestMessage Request { get; }

        ILogger Logger { get; }

        /// <summary>Sends a request; scripts use this instead of their own HttpClient.</summary>
        Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken);

        // Undocumented, but certified scripts (webhook triggers) use both, so the platform has them.

        /// <summary>The request as the connector received it, before the script or policies rewrote it.</summary>
        Uri OriginalRequestUri { get; }

        /// <summary>A callback address the platform routes to this connector (webhook subscriptions).</summary>
        Uri CreateNotificationUri(string relativePath);
    }
}
