using System;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using Microsoft.PowerPlatform.Connectors.CustomCode.CSharp;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

/// <summary>
/// Sends each request to Azure Communication Services (ACS) Identity in one of two sign-in kinds:
/// with a connection string (Connection-String header), signed with the resource's access key
/// (HMAC-SHA256, as ACS verifies it) and sent to the resource the string names; or with the
/// Microsoft Entra ID token the platform got for the connection (Authorization: Bearer), sent
/// unchanged to the endpoint in the Communication-Endpoint header. Both headers come from the
/// connection's policies and never leave this script.
/// </summary>
public class Script : ScriptBase
{
    private const string ConnectionStringHeader = "Connection-String";
    private const string EndpointHeader = "Communication-Endpoint";
    private const string ExpectedFormat = "endpoint=https://<resource>.communication.azure.com/;accesskey=<base64 access key>";
    private const string ExpectedEndpoint = "https://<resource>.communication.azure.com/";

    private static readonly byte[] EmptyBody = new byte[0];

    // Teams Phone extensibility (api-version 2025-06-30): assignments, and the exchange of a principal's own token.
    private const string UpsertAssignment = "CreateOrReplaceTeamsPhoneAssignment";
    private const string ExchangeTeamsPhoneToken = "ExchangeTeamsPhoneAccessToken";

    private static readonly string[] KnownOperations =
    {
        "CreateCommunicationIdentity",
        "DeleteCommunicationIdentity",
        "IssueIdentityAccessToken",
        "RevokeIdentityAccessTokens",
        // Its body carries the Teams user's Entra token: signed and sent like any body, never logged.
        "ExchangeTeamsUserAccessToken",
        UpsertAssignment,
        "GetTeamsPhoneAssignment",
        "DeleteTeamsPhoneAssignment",
        // Its body carries the principal's Entra token, which becomes the request's bearer token (never logged).
        ExchangeTeamsPhoneToken,
    };

    public override async Task<HttpResponseMessage> ExecuteAsync()
    {
        HttpRequestMessage request = Context.Request;

        // Taken out first, so that what the connection's policies added for this script (the
        // connection string is a secret) cannot travel with the request whatever happens next.
        string connectionString = TakeHeader(request, ConnectionStringHeader);
        string endpointText = TakeHeader(request, EndpointHeader);

        if (Array.IndexOf(KnownOperations, Context.OperationId) < 0)
        {
            return ErrorResponse("UnknownOperation",
                $"The operation '{Context.OperationId}' is not handled by this connector's script. Known operations: {string.Join(", ", KnownOperations)}.");
        }

        HttpResponseMessage invalidInput = await CheckGuidInputsAsync(request).ConfigureAwait(false);
        if (invalidInput != null)
        {
            return invalidInput;
        }

        bool hasConnectionString = !string.IsNullOrWhiteSpace(connectionString);
        bool hasEndpoint = !string.IsNullOrWhiteSpace(endpointText);
        bool hasBearerToken = HasBearerToken(request);
        if (!hasConnectionString && !hasEndpoint && !hasBearerToken)
        {
            return ErrorResponse("MissingConnection",
                "The connection has neither a connection string (Connection-String header) nor a Microsoft Entra ID sign-in "
                + "(an 'Authorization: Bearer' token and the resource endpoint in the Communication-Endpoint header). "
                + "Edit the connection and choose one sign-in kind.");
        }
        if (hasConnectionString && (hasEndpoint || hasBearerToken))
        {
            return ErrorResponse("AmbiguousConnection",
                "The connection has both a connection string and a Microsoft Entra ID sign-in ("
                + (hasBearerToken ? "a bearer token" : "an endpoint") + "). Use one sign-in kind, not both.");
        }
        if (Context.OperationId == ExchangeTeamsPhoneToken)
        {
            return await SendWithTeamsPhoneTokenAsync(request, connectionString, endpointText).ConfigureAwait(false);
        }
        if (!hasConnectionString)
        {
            return await SendWithEntraTokenAsync(request, endpointText, hasEndpoint, hasBearerToken).ConfigureAwait(false);
        }

        if (!TryParseConnectionString(connectionString, out Uri endpoint, out byte[] accessKey, out string problem))
        {
            return ErrorResponse("InvalidConnectionString", problem + " Expected: " + ExpectedFormat);
        }

        try
        {
            request.RequestUri = PointAtResource(request.RequestUri, endpoint);
            await SignAsync(request, accessKey).ConfigureAwait(false);
        }
        finally
        {
            Array.Clear(accessKey, 0, accessKey.Length);
        }

        Context.Logger.LogInformation("{Operation}: sending a signed {Method} request to {Host}.",
            Context.OperationId, request.Method.Method, request.RequestUri.Authority);

        return await SendAsync(request).ConfigureAwait(false);
    }

    /// <summary>
    /// ACS's answer is the connector's answer: status, headers and body unchanged, except that an
    /// assignment's upsert says in its body whether it created the assignment (makers cannot
    /// branch on a status code): 201 becomes 200 with "created": true, 200 gets "created": false.
    /// </summary>
    private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request)
    {
        HttpResponseMessage response = await Context.SendAsync(request, CancellationToken).ConfigureAwait(false);
        if (Context.OperationId != UpsertAssignment
            || (response.StatusCode != HttpStatusCode.OK && response.StatusCode != HttpStatusCode.Created)
            || response.Content == null)
        {
            return response;
        }
        JObject body;
        try
        {
            body = JObject.Parse(await response.Content.ReadAsStringAsync().ConfigureAwait(false));
        }
        catch (JsonReaderException)
        {
            return response;
        }
        body["created"] = response.StatusCode == HttpStatusCode.Created;
        response.StatusCode = HttpStatusCode.OK;
        response.Content = CreateJsonContent(body.ToString(Newtonsoft.Json.Formatting.None));
        return response;
    }

    /// <summary>
    /// Teams Phone's exchange signs in as the principal itself: its Entra token (the action's only
    /// input) goes to the resource as the bearer token, with the empty body the service expects;
    /// the connection gives only the endpoint. Neither the resource's key nor the connection's token is sent.
    /// </summary>
    private async Task<HttpResponseMessage> SendWithTeamsPhoneTokenAsync(HttpRequestMessage request, string connectionString, string endpointText)
    {
        Uri endpoint;
        string problem;
        if (!string.IsNullOrWhiteSpace(connectionString))
        {
            if (!TryParseConnectionString(connectionString, out endpoint, out byte[] accessKey, out problem))
            {
                return ErrorResponse("InvalidConnectionString", problem + " Expected: " + ExpectedFormat);
            }
            Array.Clear(accessKey, 0, accessKey.Length);
        }
        else if (string.IsNullOrWhiteSpace(endpointText))
        {
            return ErrorResponse("MissingEndpoint",
                "The connection has neither a connection string nor a resource endpoint (the Communication-Endpoint header is missing or empty). Expected: "
                + ExpectedEndpoint);
        }
        else if (!TryParseEndpoint(endpointText.Trim(), "The connection's endpoint", out endpoint, out problem))
        {
            return ErrorResponse("InvalidEndpoint", problem + " Expected: " + ExpectedEndpoint);
        }

        string token = null;
        if (request.Content != null)
        {
            try
            {
                token = (string)JObject.Parse(await request.Content.ReadAsStringAsync().ConfigureAwait(false))["token"];
            }
            catch (Exception error) when (error is JsonReaderException || error is ArgumentException || error is InvalidCastException)
            {
                token = null;
            }
        }
        if (string.IsNullOrWhiteSpace(token))
        {
            return ErrorResponse("ValidationError", "Teams Phone Access Token is required: give the Microsoft Entra access token of the Teams resource account or user.", "token");
        }

        request.RequestUri = PointAtResource(request.RequestUri, endpoint);
        request.Headers.Host = null;
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token.Trim());
        request.Content = CreateJsonContent("{}");

        Context.Logger.LogInformation("{Operation}: sending a {Method} request with the Teams Phone principal's token to {Host}.",
            Context.OperationId, request.Method.Method, request.RequestUri.Authority);
        return await SendAsync(request).ConfigureAwait(false);
    }

    /// <summary>
    /// The Teams Phone assignment's GUID inputs (the tenant and object IDs in the path, the
    /// application IDs in the body), refused here with the field named before anything is sent.
    /// </summary>
    private async Task<HttpResponseMessage> CheckGuidInputsAsync(HttpRequestMessage request)
    {
        string[] segments = request.RequestUri.AbsolutePath.Trim('/').Split('/');
        if (segments.Length != 6 || segments[0] != "access" || segments[1] != "teamsExtension" || segments[2] != "tenants" || segments[4] != "assignments")
        {
            return null;
        }
        if (!IsGuid(Uri.UnescapeDataString(segments[3])))
        {
            return ErrorResponse("ValidationError", "Tenant ID must be a GUID (the Directory (tenant) ID of the Microsoft Entra tenant), such as c70d068c-2f32-484d-9455-73070cd5aadd.", "tenantId");
        }
        if (!IsGuid(Uri.UnescapeDataString(segments[5])))
        {
            return ErrorResponse("ValidationError", "Object ID must be a GUID (the Object ID of the Teams resource account or user), such as b27b64b9-39d2-44a3-869d-67700b74e805.", "objectId");
        }
        if (Context.OperationId != UpsertAssignment || request.Content == null)
        {
            return null;
        }
        JToken clientIds;
        try
        {
            clientIds = JObject.Parse(await request.Content.ReadAsStringAsync().ConfigureAwait(false))["clientIds"];
        }
        catch (JsonReaderException)
        {
            return null; // The service answers a body that is not JSON.
        }
        if (clientIds == null || clientIds.Type == JTokenType.Null)
        {
            return null;
        }
        foreach (JToken clientId in clientIds.Type == JTokenType.Array ? (JArray)clientIds : new JArray(clientIds))
        {
            if (clientId.Type != JTokenType.String || !IsGuid((string)clientId))
            {
                return ErrorResponse("ValidationError", "Each Application (Client) ID must be a GUID, as shown on the application's Overview page in Microsoft Entra ID.", "clientIds");
            }
        }
        return null;
    }

    private static bool IsGuid(string text)
    {
        return Guid.TryParseExact(text, "D", out _);
    }

    /// <summary>
    /// The Entra ID sign-in: the platform's bearer token goes to the connection's endpoint
    /// unchanged, with no HMAC headers. The token is never read, logged or echoed.
    /// </summary>
    private async Task<HttpResponseMessage> SendWithEntraTokenAsync(HttpRequestMessage request, string endpointText, bool hasEndpoint, bool hasBearerToken)
    {
        if (!hasBearerToken)
        {
            return ErrorResponse("MissingAccessToken",
                "The connection has a resource endpoint but no Microsoft Entra ID access token (no 'Authorization: Bearer' header). "
                + "Check the connection's tenant ID, client ID and client secret.");
        }
        if (!hasEndpoint)
        {
            return ErrorResponse("MissingEndpoint",
                "The connection signs in with Microsoft Entra ID but has no resource endpoint (the Communication-Endpoint header is missing or empty). Expected: "
                + ExpectedEndpoint);
        }
        if (!TryParseEndpoint(endpointText.Trim(), "The connection's endpoint", out Uri endpoint, out string problem))
        {
            return ErrorResponse("InvalidEndpoint", problem + " Expected: " + ExpectedEndpoint);
        }

        request.RequestUri = PointAtResource(request.RequestUri, endpoint);
        // The Host is the endpoint's, not the placeholder host the platform addressed.
        request.Headers.Host = null;

        Context.Logger.LogInformation("{Operation}: sending a {Method} request with the connection's Microsoft Entra ID token to {Host}.",
            Context.OperationId, request.Method.Method, request.RequestUri.Authority);
        return await SendAsync(request).ConfigureAwait(false);
    }

    private static bool HasBearerToken(HttpRequestMessage request)
    {
        AuthenticationHeaderValue authorization = request.Headers.Authorization;
        return authorization != null
            && string.Equals(authorization.Scheme, "Bearer", StringComparison.OrdinalIgnoreCase)
            && !string.IsNullOrWhiteSpace(authorization.Parameter);
    }

    /// <summary>Removes a header (any letter case) and returns its value, or null.</summary>
    private static string TakeHeader(HttpRequestMessage request, string name)
    {
        if (!request.Headers.TryGetValues(name, out var values))
        {
            return null;
        }
        request.Headers.Remove(name);
        return string.Join(";", values);
    }

    /// <summary>
    /// Reads "endpoint=…;accesskey=…": names in any letter case and order, blanks around parts,
    /// a trailing ';' and '=' inside values are fine. Problems never quote the value of a part.
    /// </summary>
    private static bool TryParseConnectionString(string connectionString, out Uri endpoint, out byte[] accessKey, out string problem)
    {
        endpoint = null;
        accessKey = null;
        problem = null;
        string endpointText = null;
        string accessKeyText = null;
        foreach (string rawPart in connectionString.Split(';'))
        {
            string part = rawPart.Trim();
            if (part.Length == 0)
            {
                continue;
            }
            int equals = part.IndexOf('=');
            if (equals <= 0)
            {
                problem = "The connection string has a part that is not of the form name=value.";
                return false;
            }
            string name = part.Substring(0, equals).Trim();
            string value = part.Substring(equals + 1).Trim();
            if (string.Equals(name, "endpoint", StringComparison.OrdinalIgnoreCase))
            {
                if (endpointText != null)
                {
                    problem = "The connection string contains 'endpoint' more than once.";
                    return false;
                }
                endpointText = value;
            }
            else if (string.Equals(name, "accesskey", StringComparison.OrdinalIgnoreCase))
            {
                if (accessKeyText != null)
                {
                    problem = "The connection string contains 'accesskey' more than once.";
                    return false;
                }
                accessKeyText = value;
            }
            else
            {
                // The name is not echoed: a malformed string may have part of the key there.
                problem = "The connection string has a part other than 'endpoint' and 'accesskey'.";
                return false;
            }
        }

        if (string.IsNullOrEmpty(endpointText))
        {
            problem = "The connection string has no 'endpoint' value.";
            return false;
        }
        if (!TryParseEndpoint(endpointText, "The connection string's 'endpoint'", out Uri parsed, out problem))
        {
            return false;
        }

        if (string.IsNullOrEmpty(accessKeyText))
        {
            problem = "The connection string has no 'accesskey' value.";
            return false;
        }
        try
        {
            accessKey = Convert.FromBase64String(accessKeyText);
        }
        catch (FormatException)
        {
            problem = "The connection string's 'accesskey' is not valid base64.";
            return false;
        }
        if (accessKey.Length == 0)
        {
            problem = "The connection string's 'accesskey' is empty.";
            return false;
        }

        endpoint = parsed;
        return true;
    }

    /// <summary>An absolute http(s) URL of scheme, host and optional port only; `subject` starts the problem.</summary>
    private static bool TryParseEndpoint(string text, string subject, out Uri endpoint, out string problem)
    {
        endpoint = null;
        problem = null;
        if (!Uri.TryCreate(text, UriKind.Absolute, out Uri parsed)
            || (parsed.Scheme != Uri.UriSchemeHttps && parsed.Scheme != Uri.UriSchemeHttp)
            || parsed.Host.Length == 0)
        {
            problem = subject + " is not an absolute http(s) URL.";
            return false;
        }
        if (parsed.AbsolutePath != "/" || parsed.Query.Length > 0 || parsed.Fragment.Length > 0 || parsed.UserInfo.Length > 0)
        {
            problem = subject + " must be only scheme, host and optional port, with no path, query or user name.";
            return false;
        }
        endpoint = parsed;
        return true;
    }

    /// <summary>
    /// Scheme, host and port from the endpoint; path and query exactly as the platform built them.
    /// PathAndQuery is the escaped form (e.g. %3A stays %3A), and the new Uri keeps it as given.
    /// </summary>
    private static Uri PointAtResource(Uri requestUri, Uri endpoint)
    {
        return new Uri(endpoint.GetLeftPart(UriPartial.Authority) + requestUri.PathAndQuery, UriKind.Absolute);
    }

    /// <summary>Adds x-ms-date, x-ms-content-sha256 and the HMAC-SHA256 Authorization header.</summary>
    private static async Task SignAsync(HttpRequestMessage request, byte[] accessKey)
    {
        byte[] body = EmptyBody;
        if (request.Content != null)
        {
            // Reading buffers the content, and a buffered content sends exactly these bytes: the ones
            // hashed below. No copy into new content; only a stated length that is wrong is replaced.
            body = await request.Content.ReadAsByteArrayAsync().ConfigureAwait(false);
            request.Content.Headers.ContentLength = body.Length;
        }

        string contentHash;
        using (SHA256 sha256 = SHA256.Create())
        {
            contentHash = Convert.ToBase64String(sha256.ComputeHash(body));
        }

        // "r" is RFC 1123 in UTC, the same in every culture.
        string date = DateTimeOffset.UtcNow.ToString("r");
        // Uri.Authority is host[:port] with the port only when it is not the scheme's default: the Host header as sent.
        string host = request.RequestUri.Authority;
        string stringToSign = request.Method.Method.ToUpperInvariant() + "\n"
            + request.RequestUri.PathAndQuery + "\n"
            + date + ";" + host + ";" + contentHash;

        string signature;
        using (var hmac = new HMACSHA256(accessKey))
        {
            signature = Convert.ToBase64String(hmac.ComputeHash(Encoding.UTF8.GetBytes(stringToSign)));
        }

        // Sent as signed, even if the incoming request carried a Host of its own.
        request.Headers.Host = host;
        request.Headers.Remove("x-ms-date");
        request.Headers.Remove("x-ms-content-sha256");
        request.Headers.TryAddWithoutValidation("x-ms-date", date);
        request.Headers.TryAddWithoutValidation("x-ms-content-sha256", contentHash);
        request.Headers.Authorization = new AuthenticationHeaderValue(
            "HMAC-SHA256", "SignedHeaders=x-ms-date;host;x-ms-content-sha256&Signature=" + signature);
    }

    private static HttpResponseMessage ErrorResponse(string code, string message, string target = null)
    {
        var details = new JObject
        {
            ["code"] = code,
            ["message"] = message,
        };
        if (target != null)
        {
            details["target"] = target;
        }
        var error = new JObject { ["error"] = details };
        return new HttpResponseMessage(HttpStatusCode.BadRequest)
        {
            Content = CreateJsonContent(error.ToString(Newtonsoft.Json.Formatting.None)),
        };
    }
}
