using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Emit;

namespace AcsConnector.ScriptHost;

/// <summary>
/// One finding about a script, positioned in the script's own lines (1-based). Rule is the
/// validator's rule id (the host owns these checks); Id is the compiler's diagnostic id (CS0103…)
/// or, for the host's own checks, the rule id again.
/// </summary>
public sealed record ScriptDiagnostic(string File, int Line, int Column, string Severity, string Rule, string Id, string Message);

/// <summary>The validator's ids of the script checks this host owns (src/validate lists them with their evidence).</summary>
public static class ScriptRules
{
    public const string Size = "CSX1";
    public const string ScriptClass = "CSX2";
    public const string Namespaces = "CSX3";
    public const string Compile = "CSX5";
    public const string ExecuteAsync = "CSX6";
}

/// <summary>
/// Compiles a connector script the way Power Platform does: C# 10, the supported namespaces imported
/// implicitly, ScriptBase in Microsoft.PowerPlatform.Connectors.CustomCode.CSharp. Two targets share the same source trees:
/// .NET Framework 4.8 reference assemblies (to find what the platform would reject) and this host's
/// own runtime (to produce an assembly that can execute here).
/// </summary>
public static class ScriptCompiler
{
    // The platform does not publish its implicit usings, but certified scripts use types of every
    // supported namespace (HttpUtility, Regex, SHA256, XmlDocument, Debug…) without a using
    // directive, and write Newtonsoft.Json.Formatting in full because System.Xml's Formatting is
    // imported too: so the whole supported list is imported, clashes included.
    private const string ImplicitUsingsPath = "<implicit usings>";

    private static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.CSharp10, DocumentationMode.None, SourceCodeKind.Regular);

    // CS1701/CS1702: assembly version unification between netstandard2.0 packages and net48, as MSBuild suppresses.
    private static readonly CSharpCompilationOptions CheckOptions = new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary)
        .WithNullableContextOptions(NullableContextOptions.Disable)
        .WithSpecificDiagnosticOptions(new Dictionary<string, ReportDiagnostic>
        {
            ["CS1701"] = ReportDiagnostic.Suppress,
            ["CS1702"] = ReportDiagnostic.Suppress,
        });

    private static readonly CSharpCompilationOptions RunOptions = CheckOptions
        .WithOptimizationLevel(OptimizationLevel.Release)
        .WithConcurrentBuild(true);

    /// <summary>Reads the script; returns null and a diagnostic when it cannot be used at all.</summary>
    public static SyntaxTree? Parse(string scriptPath, string displayPath, long maxScriptBytes, List<ScriptDiagnostic> diagnostics)
    {
        var info = new FileInfo(scriptPath);
        if (info.Length > maxScriptBytes)
        {
            diagnostics.Add(new ScriptDiagnostic(displayPath, 1, 1, "error", ScriptRules.Size, ScriptRules.Size,
                $"The script is {info.Length} bytes; Power Platform accepts at most {maxScriptBytes} bytes."));
        }
        var text = File.ReadAllText(scriptPath);
        return CSharpSyntaxTree.ParseText(text, ParseOptions, displayPath);
    }

    /// <summary>
    /// The supported namespaces that exist among the compilation's references (this host's own
    /// runtime lacks System.Drawing.Imaging, for one), as global usings.
    /// </summary>
    private static CSharpCompilation WithImplicitUsings(CSharpCompilation compilation)
    {
        var present = NamespacePolicy.Supported.Where(ns => Exists(compilation.GlobalNamespace, ns)).OrderBy(ns => ns, StringComparer.Ordinal);
        var tree = CSharpSyntaxTree.ParseText(string.Concat(present.Select(ns => $"global using {ns};\n")), ParseOptions, ImplicitUsingsPath);
        return compilation.AddSyntaxTrees(tree);
    }

    private static bool Exists(INamespaceSymbol root, string dottedName)
    {
        INamespaceSymbol? current = root;
        foreach (var part in dottedName.Split('.'))
        {
            current = current.GetNamespaceMembers().FirstOrDefault(n => n.Name == part);
            if (current is null) return false;
        }
        return true;
    }

    // Reading the reference assemblies and compiling ScriptBase cost more than a typical script's
    // compile: done once per process, shared by every script checked.
    private static readonly Lazy<ImmutableArray<MetadataReference>> CheckReferences = new(() =>
    {
        var references = Net48References();
        return references.Add(CompileScriptBaseForNet48(references));
    });

    /// <summary>Everything the platform would report: compiler errors/warnings, namespace policy, Script class shape.</summary>
    public static List<ScriptDiagnostic> Check(string scriptPath, string displayPath, long maxScriptBytes)
    {
        var diagnostics = new List<ScriptDiagnostic>();
        var userTree = Parse(scriptPath, displayPath, maxScriptBytes, diagnostics)!;
        var compilation = WithImplicitUsings(CSharpCompilation.Create("Script", new[] { userTree }, CheckReferences.Value, CheckOptions));

        diagnostics.AddRange(compilation.GetDiagnostics()
            .Where(d => d.Severity is DiagnosticSeverity.Error or DiagnosticSeverity.Warning)
            .Select(d => ToDiagnostic(d, displayPath)));
        diagnostics.AddRange(NamespacePolicy.Check(compilation, userTree, displayPath));
        CheckScriptClass(compilation, userTree, displayPath, diagnostics);
        return diagnostics
            .OrderBy(d => d.Line).ThenBy(d => d.Column).ThenBy(d => d.Id, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>Compiles the script against this host's runtime (or loads the cached result) and returns its Script type.</summary>
    public static Type CompileForExecution(string scriptPath, string displayPath, long maxScriptBytes, List<ScriptDiagnostic> diagnostics, bool readCache = true)
    {
        var cacheKey = ScriptCache.Key(scriptPath, "run");
        var cached = readCache ? ScriptCache.TryRead(cacheKey, ".dll") : null;
        if (cached is not null)
        {
            var cachedType = FindScriptType(Assembly.Load(cached));
            if (cachedType is not null) return cachedType;
        }

        var userTree = Parse(scriptPath, displayPath, maxScriptBytes, diagnostics)!;
        var compilation = WithImplicitUsings(CSharpCompilation.Create("Script" + Guid.NewGuid().ToString("N"),
            new[] { userTree }, RuntimeReferences(), RunOptions));
        var scriptClass = CheckScriptClass(compilation, userTree, displayPath, diagnostics);

        using var image = new MemoryStream();
        EmitResult result = compilation.Emit(image);
        diagnostics.AddRange(result.Diagnostics
            .Where(d => d.Severity == DiagnosticSeverity.Error)
            .Select(d => ToDiagnostic(d, displayPath)));
        if (!result.Success || scriptClass is null || diagnostics.Any(d => d.Severity == "error"))
        {
            throw new ScriptCompilationException(diagnostics);
        }
        var bytes = image.ToArray();
        ScriptCache.Write(cacheKey, ".dll", bytes);
        return FindScriptType(Assembly.Load(bytes))
            ?? throw new InvalidOperationException("The compiled script has no Script class.");
    }

    private static Type? FindScriptType(Assembly assembly) =>
        assembly.GetTypes()
            .Where(t => string.Equals(t.Name, "Script", StringComparison.OrdinalIgnoreCase) && t.Namespace is null
                && typeof(Microsoft.PowerPlatform.Connectors.CustomCode.CSharp.ScriptBase).IsAssignableFrom(t) && !t.IsAbstract)
            .OrderBy(t => t.Name == "Script" ? 0 : 1)
            .FirstOrDefault();

    /// <summary>
    /// The platform instantiates `Script : ScriptBase` by its parameterless constructor. A class
    /// `script` in another case is only a warning: published connectors ship one (see CSX2's notes).
    /// </summary>
    private static INamedTypeSymbol? CheckScriptClass(CSharpCompilation compilation, SyntaxTree userTree, string displayPath, List<ScriptDiagnostic> diagnostics)
    {
        var scriptBase = compilation.GetTypeByMetadataName("Microsoft.PowerPlatform.Connectors.CustomCode.CSharp.ScriptBase");
        var candidates = compilation.Assembly.GlobalNamespace.GetTypeMembers()
            .Where(t => string.Equals(t.Name, "Script", StringComparison.OrdinalIgnoreCase))
            .Where(t => t.Locations.Any(l => l.SourceTree == userTree))
            .OrderBy(t => t.Name == "Script" ? 0 : 1)
            .ToList();
        if (candidates.Count == 0)
        {
            diagnostics.Add(new ScriptDiagnostic(displayPath, 1, 1, "error", ScriptRules.ScriptClass, ScriptRules.ScriptClass,
                "The script has no class named Script; Power Platform runs `public class Script : ScriptBase` and calls its ExecuteAsync()."));
            return null;
        }
        var script = candidates[0];
        var (line, column) = Position(script.Locations[0]);
        if (script.Name != "Script")
        {
            diagnostics.Add(new ScriptDiagnostic(displayPath, line, column, "warning", ScriptRules.ScriptClass, ScriptRules.ScriptClass,
                $"The class is named `{script.Name}`; Microsoft documents `Script`. Published connectors run with `script`, but rename it to `Script` to be safe."));
        }
        string? problem = null;
        if (scriptBase is null || !DerivesFrom(script, scriptBase)) problem = "class Script must derive from ScriptBase";
        else if (script.IsAbstract) problem = "class Script must not be abstract";
        else if (script.IsGenericType) problem = "class Script must not be generic";
        else if (!script.InstanceConstructors.Any(c => c.Parameters.IsEmpty && c.DeclaredAccessibility == Accessibility.Public))
            problem = "class Script needs a public parameterless constructor";
        if (problem is not null)
        {
            diagnostics.Add(new ScriptDiagnostic(displayPath, line, column, "error", ScriptRules.ScriptClass, ScriptRules.ScriptClass, problem + "."));
            return null;
        }
        return script;
    }

    private static bool DerivesFrom(INamedTypeSymbol type, INamedTypeSymbol baseType)
    {
        for (var t = type.BaseType; t is not null; t = t.BaseType)
        {
            if (SymbolEqualityComparer.Default.Equals(t, baseType)) return true;
        }
        return false;
    }

    internal static (int Line, int Column) Position(Location location)
    {
        var span = location.GetLineSpan();
        return (span.StartLinePosition.Line + 1, span.StartLinePosition.Character + 1);
    }

    private static ScriptDiagnostic ToDiagnostic(Diagnostic d, string displayPath)
    {
        var (line, column) = d.Location.IsInSource ? Position(d.Location) : (1, 1);
        var file = d.Location.IsInSource ? d.Location.SourceTree!.FilePath : displayPath;
        var severity = d.Severity == DiagnosticSeverity.Error ? "error" : "warning";
        // ScriptBase's only abstract member is ExecuteAsync: CS0534 means Script does not override it.
        var rule = d.Id == "CS0534" ? ScriptRules.ExecuteAsync : ScriptRules.Compile;
        return new ScriptDiagnostic(file, line, column, severity, rule, d.Id, d.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
    }

    private static string Metadata(string key) =>
        typeof(ScriptCompiler).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == key)?.Value
        ?? throw new InvalidOperationException($"The host was built without the '{key}' path; rebuild it with dotnet build.");

    // The assemblies behind the supported namespaces (plus what Newtonsoft.Json and `dynamic` need);
    // the facades let the netstandard2.0 packages resolve.
    private static readonly string[] Net48Assemblies =
    {
        "mscorlib", "System", "System.Core", "System.Net.Http", "System.Web", "System.Xml", "System.Xml.Linq",
        "System.Drawing", "System.IO.Compression", "System.Numerics", "System.Runtime.Serialization", "System.Data",
        "Microsoft.CSharp",
    };

    private static ImmutableArray<MetadataReference> Net48References()
    {
        var directory = Metadata("Net48ReferenceDirectory");
        if (!Directory.Exists(directory))
        {
            throw new HostSetupException($"The .NET Framework 4.8 reference assemblies are missing at {directory}; run `dotnet restore` on the script host project.");
        }
        var files = Net48Assemblies.Select(name => Path.Combine(directory, name + ".dll"))
            .Concat(Directory.EnumerateFiles(Path.Combine(directory, "Facades"), "*.dll"))
            .Append(Metadata("NewtonsoftJsonNetStandard"))
            .Append(Metadata("LoggingAbstractionsNetStandard"));
        return files.Select(f => (MetadataReference)MetadataReference.CreateFromFile(f)).ToImmutableArray();
    }

    /// <summary>ScriptBase as its own .NET Framework 4.8 assembly, so scripts see only its public surface.</summary>
    private static MetadataReference CompileScriptBaseForNet48(ImmutableArray<MetadataReference> references)
    {
        using var stream = typeof(ScriptCompiler).Assembly.GetManifestResourceStream("ScriptBase.cs")!;
        using var reader = new StreamReader(stream);
        var tree = CSharpSyntaxTree.ParseText(reader.ReadToEnd(), ParseOptions, "ScriptBase.cs");
        var compilation = CSharpCompilation.Create("Microsoft.PowerPlatform.Connectors.CustomCode", new[] { tree }, references, CheckOptions);
        using var image = new MemoryStream();
        var result = compilation.Emit(image);
        if (!result.Success)
        {
            throw new InvalidOperationException("ScriptBase.cs does not compile for .NET Framework 4.8: " +
                string.Join("; ", result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error)));
        }
        return MetadataReference.CreateFromImage(image.ToArray());
    }

    // The runtime counterparts of Net48Assemblies: enough to compile what check mode accepts,
    // far fewer than the whole shared framework (each reference costs compile time).
    private static readonly string[] RuntimeAssemblies =
    {
        "System.Private.CoreLib", "System.Runtime", "netstandard", "mscorlib", "System", "System.Core",
        "System.Collections", "System.Collections.Concurrent", "System.Collections.NonGeneric", "System.Collections.Specialized",
        "System.Linq", "System.Linq.Expressions", "System.Runtime.Extensions", "System.Runtime.InteropServices", "System.Memory",
        "System.Net.Http", "System.Net.Primitives", "System.Net.Security", "System.Security.Cryptography",
        "System.Text.RegularExpressions", "System.Text.Encoding.Extensions", "System.Threading", "System.Threading.Tasks",
        "System.Web", "System.Web.HttpUtility", "System.Xml", "System.Xml.Linq", "System.Private.Xml", "System.Private.Xml.Linq",
        "System.Xml.ReaderWriter", "System.Xml.XDocument", "System.IO.Compression", "System.Diagnostics.Process",
        "System.Diagnostics.Debug", "System.Diagnostics.TraceSource", "System.Drawing", "System.Drawing.Primitives",
        "System.ComponentModel", "System.ComponentModel.Primitives", "System.ObjectModel", "System.Runtime.Numerics",
        "System.Runtime.Serialization", "System.Runtime.Serialization.Primitives", "System.Console", "Microsoft.CSharp",
        "Newtonsoft.Json", "Microsoft.Extensions.Logging.Abstractions", "Microsoft.Extensions.DependencyInjection.Abstractions",
        typeof(ScriptCompiler).Assembly.GetName().Name!,
    };

    /// <summary>This process's framework plus Newtonsoft.Json, logging abstractions and ScriptBase (this assembly).</summary>
    private static IEnumerable<MetadataReference> RuntimeReferences()
    {
        var wanted = new HashSet<string>(RuntimeAssemblies, StringComparer.OrdinalIgnoreCase);
        var trusted = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator);
        return trusted
            .Where(p => wanted.Contains(Path.GetFileNameWithoutExtension(p))
                || Path.GetFileName(p).StartsWith("System.Private.", StringComparison.OrdinalIgnoreCase))
            .Select(p => MetadataReference.CreateFromFile(p));
    }
}

public sealed class ScriptCompilationException(IReadOnlyList<ScriptDiagnostic> diagnostics)
    : Exception("The script does not compile.")
{
    public IReadOnlyList<ScriptDiagnostic> Diagnostics { get; } = diagnostics;
}

public sealed class HostSetupException(string message) : Exception(message);
