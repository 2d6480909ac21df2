using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace AcsConnector.ScriptHost;

/// <summary>
/// Microsoft documents a list of namespaces for custom code. It is certification guidance, not a
/// compile rule: certified scripts use System.Globalization, System.Collections.Specialized and
/// others by full name, and a few import them. So this finds every using directive and every type
/// the script names (including fully qualified names, attributes and static member access) that
/// lives elsewhere, and reports each as a warning.
/// </summary>
public static class NamespacePolicy
{

    /// <summary>The platform's documented namespaces (src/shared/supported-namespaces.json), embedded at build time; the host alone reads them and tags CSX3 for the validator.</summary>
    public static readonly IReadOnlySet<string> Supported = LoadSupported();

    private static HashSet<string> LoadSupported()
    {
        using var stream = typeof(NamespacePolicy).Assembly.GetManifestResourceStream("supported-namespaces.json")
            ?? throw new InvalidOperationException("The supported namespace list is not embedded in the host.");
        using var document = JsonDocument.Parse(stream);
        return document.RootElement.GetProperty("namespaces").EnumerateArray().Select(e => e.GetString()!).ToHashSet();
    }

    public static IEnumerable<ScriptDiagnostic> Check(Compilation compilation, SyntaxTree userTree, string displayPath)
    {
        var model = compilation.GetSemanticModel(userTree);
        var root = userTree.GetRoot();
        var reported = new HashSet<(int, int)>();

        foreach (var directive in root.DescendantNodes().OfType<UsingDirectiveSyntax>())
        {
            var symbol = model.GetSymbolInfo(directive.Name!).Symbol;
            var ns = symbol switch
            {
                INamespaceSymbol n => n.ToDisplayString(),
                ITypeSymbol t => NamespaceOf(t),
                _ => null,
            };
            if (ns is not null && !Supported.Contains(ns))
            {
                var diagnostic = Report(directive.Name!.GetLocation(), ns, displayPath, reported);
                if (diagnostic is not null) yield return diagnostic;
            }
        }

        foreach (var name in root.DescendantNodes().OfType<SimpleNameSyntax>())
        {
            if (name.Ancestors().Any(a => a is UsingDirectiveSyntax)) continue;
            if (name is IdentifierNameSyntax { IsVar: true }) continue;
            var info = model.GetSymbolInfo(name);
            var type = (info.Symbol ?? info.CandidateSymbols.FirstOrDefault()) switch
            {
                IAliasSymbol alias => alias.Target as ITypeSymbol,
                ITypeSymbol t => t,
                _ => null,
            };
            if (type is null || type.TypeKind == TypeKind.Error || type is ITypeParameterSymbol) continue;
            if (SymbolEqualityComparer.Default.Equals(type.ContainingAssembly, compilation.Assembly)) continue;
            var ns = NamespaceOf(type);
            if (ns is not null && !Supported.Contains(ns))
            {
                var diagnostic = Report(name.GetLocation(), ns, displayPath, reported, type.ToDisplayString());
                if (diagnostic is not null) yield return diagnostic;
            }
        }
    }

    private static string? NamespaceOf(ITypeSymbol type)
    {
        while (type is IArrayTypeSymbol array) type = array.ElementType;
        if (type is IPointerTypeSymbol) return null;
        var ns = type.ContainingNamespace;
        return ns is null || ns.IsGlobalNamespace ? null : ns.ToDisplayString();
    }

    /// <summary>Null when this position was already reported (a name can be both alias and type).</summary>
    private static ScriptDiagnostic? Report(Location location, string ns, string displayPath, HashSet<(int, int)> reported, string? typeName = null)
    {
        var (line, column) = ScriptCompiler.Position(location);
        if (!reported.Add((line, column))) return null;
        var what = typeName is null ? $"namespace '{ns}'" : $"'{typeName}' (namespace '{ns}')";
        return new ScriptDiagnostic(displayPath, line, column, "warning", ScriptRules.Namespaces, ScriptRules.Namespaces,
            $"{what} is outside the namespaces Microsoft documents for custom code. Power Platform compiles it, but certification reviewers may ask for a type from a listed namespace (System, System.Net.Http, System.Text, Newtonsoft.Json…).");
    }
}
